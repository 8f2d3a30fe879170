#!/usr/bin/env bash
# The whole test suite, in order, failing fast: formatting, lints (host and wasm32), Rust tests, the
# generated-schema staleness check, the wasm build, the JS package tests (Node + headless Chromium) and the
# check that the published TypeScript declarations did not change unnoticed.
#   UPDATE_DTS=1 bash scripts/test.sh   rewrites pkg-tests/expected/gwlint.d.ts from the fresh build.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --all --check"
cargo fmt --all --check

step "cargo clippy (host, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32 lib)"
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

step "cargo test"
cargo test --workspace

step "generated schema is up to date (xtask codegen --check)"
cargo run -q -p xtask -- codegen --check

step "build wasm packages"
bash scripts/build-wasm.sh

step "JS package tests (node --test)"
shopt -s nullglob
tests=(pkg-tests/*.test.mjs)
shopt -u nullglob
if [ "${#tests[@]}" -eq 0 ]; then
  echo "no pkg-tests/*.test.mjs found" >&2
  exit 1
fi
node --test "${tests[@]}"

step "TypeScript declarations match pkg-tests/expected/gwlint.d.ts"
generated=pkg/web/gwlint.d.ts
expected=pkg-tests/expected/gwlint.d.ts
if [ "${UPDATE_DTS:-0}" = 1 ]; then
  mkdir -p "$(dirname "$expected")"
  cp "$generated" "$expected"
  echo "updated $expected"
elif [ ! -f "$expected" ]; then
  echo "$expected is missing; review $generated and run: UPDATE_DTS=1 bash scripts/test.sh" >&2
  exit 1
elif ! diff -u "$expected" "$generated"; then
  echo "the generated $generated differs from $expected (diff above)." >&2
  echo "If the API change is intended, run: UPDATE_DTS=1 bash scripts/test.sh" >&2
  exit 1
else
  echo "unchanged"
fi

step "TypeScript declarations type-check (tsc --strict)"
node_modules/.bin/tsc --noEmit --strict --lib es2020,dom pkg/web/gwlint.d.ts pkg/node/gwlint.d.ts pkg/bundler/gwlint.d.ts
echo "ok"

printf '\n==> all checks passed\n'
