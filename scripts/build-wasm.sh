#!/usr/bin/env bash
# Builds the wasm package for three targets: pkg/web (playground, editors), pkg/node (CommonJS, tests and
# CLI use; its gwlint.js reloads the module after a wasm trap, see scripts/wasm-recovery.cjs, around
# wasm-bindgen's gwlint_bindgen.js) and pkg/bundler (Vite/webpack). Each .wasm is optimised with the npm `binaryen` package's
# wasm-opt (never Debian's: it breaks wasm-bindgen output). pkg/web is copied to www/pkg for the playground,
# whose bundle is then built into www/dist; the CLI (cli/gwlint.mjs) is added to pkg/node as its bin.
# Every package also gets the builders (ES modules, .d.ts and docs pages generated from the CRDs by
# `cargo run -p xtask -- builders`; about 19 MB unpacked, so they are generated here, not committed).
# Those three folders are build intermediates (the repository's tests, the playground and cli/ use them); the
# one publishable package, pkg/gwlint (`npm pack` there gives gwlint-<version>.tgz), is assembled from them
# last by scripts/package-gwlint.mjs: web bindings for browsers and bundlers, CommonJS/ESM Node entries, one
# .wasm, one copy of the builders, the CLI bin and its README (scripts/package-readme.md).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
CARGO_HOME_DIR="${CARGO_HOME:-$HOME/.cargo}"

WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
if [ ! -x "$WASM_OPT" ]; then
  echo "build-wasm: $WASM_OPT missing; run 'npm ci' (or bash scripts/setup.sh) first" >&2
  exit 1
fi
for tool in wasm-pack wasm-bindgen; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-wasm: $tool not on PATH; run bash scripts/setup.sh first" >&2
    exit 1
  fi
done

# The builders, generated before RUSTFLAGS changes below (so the host build cache stays valid).
BUILDERS_TMP=$(mktemp -d)
trap 'rm -rf "$BUILDERS_TMP"' EXIT
for target in web node bundler; do
  cargo run -q -p xtask -- builders "$BUILDERS_TMP/$target" --target "$target"
done

# No registry or checkout path may end up in panic/location strings inside the shipped .wasm.
export RUSTFLAGS="--remap-path-prefix=$CARGO_HOME_DIR/registry/src=crates --remap-path-prefix=$ROOT=gwlint${RUSTFLAGS:+ $RUSTFLAGS}"

# Features the module uses (rustc's wasm32 defaults); wasm-opt also reads the module's target_features section.
WASM_OPT_FLAGS=(-Os
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-reference-types --enable-multivalue)

human() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }

sizes=()
for target in web nodejs bundler; do
  case "$target" in
    nodejs) out=node ;;
    *) out="$target" ;;
  esac
  echo "==> wasm-pack build --target $target -> pkg/$out"
  rm -rf "pkg/$out"
  # --mode no-install: use the wasm-bindgen on PATH (installed by setup.sh), never download anything.
  # The first build compiles; the next two reuse cargo's cache and only rerun wasm-bindgen.
  wasm-pack --log-level warn build --release --mode no-install \
    --target "$target" --out-dir "pkg/$out" --out-name gwlint
  if [ "$out" = node ]; then
    # gwlint.js is the trap-recovering wrapper (scripts/wasm-recovery.cjs) around wasm-bindgen's bindings.
    mv pkg/node/gwlint.js pkg/node/gwlint_bindgen.js
    cp scripts/wasm-recovery.cjs pkg/node/gwlint.js
    node -e '
      const fs = require("fs");
      const file = process.argv[1];
      const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
      manifest.files = [...new Set([...(manifest.files ?? []), "gwlint_bindgen.js"])];
      fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
    ' pkg/node/package.json
  fi
  # wasm-bindgen declares `[Symbol.dispose]()` on classes (Linter), which TypeScript resolves only with
  # lib esnext.disposable: a project on an older lib would fail to type-check our .d.ts. `free()` stays.
  sed -i '/^ *\[Symbol\.dispose\]()\: void;$/d' "pkg/$out/gwlint.d.ts"
  wasm="pkg/$out/gwlint_bg.wasm"
  raw_before=$(stat -c %s "$wasm")
  "$WASM_OPT" "$wasm" "${WASM_OPT_FLAGS[@]}" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  test -f "pkg/$out/package.json"
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  sizes+=("$(printf '%-26s raw %9d B (%s)  gzip %9d B (%s)  [before wasm-opt %d B]' \
    "$wasm" "$raw" "$(human "$raw")" "$gz" "$(human "$gz")" "$raw_before")")
done

# Nothing from the build machine's paths may be shipped.
leak=0
for f in pkg/*/gwlint_bg.wasm; do
  for needle in ".cargo/registry" "$ROOT/" "$HOME/"; do
    if grep -aqF -- "$needle" "$f"; then
      echo "build-wasm: $f contains the host path '$needle' (check --remap-path-prefix)" >&2
      leak=1
    fi
  done
done
[ "$leak" = 0 ]

# The optimised module must still load and run (a broken wasm-opt output validates but fails to load).
node -e '
  const m = require(process.argv[1]);
  const v = m.version();
  if (typeof v !== "string" || v.length === 0) throw new Error("version() returned " + v);
  m.lint("");
  console.log("==> pkg/node loads; gwlint version " + v);
' "$ROOT/pkg/node/gwlint.js"

rm -rf www/pkg
cp -R pkg/web www/pkg

# The playground's bundle (CodeMirror + www/src) -> www/dist.
node scripts/build-www.mjs

# The CLI ships inside the Node package: pkg/node/cli.mjs, bin "gwlint" (npx gwlint, once installed).
node scripts/package-cli.mjs pkg/node

# The builders into every package, declared in its package.json "exports".
for out in web node bundler; do
  cp -R "$BUILDERS_TMP/$out/." "pkg/$out/"
  node scripts/package-builders.mjs "pkg/$out"
done
builders_raw=$(du -sb pkg/node/builders pkg/node/docs | awk '{ s += $1 } END { print s }')
builders_gz=$(tar -C pkg/node -czf - builders docs | wc -c)
sizes+=("$(printf '%-26s raw %9d B (%s)  tar.gz %9d B (%s)' \
  "pkg/node/{builders,docs}" "$builders_raw" "$(human "$builders_raw")" "$builders_gz" "$(human "$builders_gz")")")

# The publishable package, pkg/gwlint.
node scripts/package-gwlint.mjs
gwlint_packed=$(cd pkg/gwlint && npm pack --dry-run --json --ignore-scripts | node -e '
  const [p] = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(`${p.filename}: packed ${p.size} B, unpacked ${p.unpackedSize} B, ${p.entryCount} files`);
')
sizes+=("pkg/gwlint                 $gwlint_packed")

echo "==> sizes"
printf '    %s\n' "${sizes[@]}"
