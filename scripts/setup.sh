#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine that has only the Rust toolchain,
# Node 20 and npm. Every step skips itself when the right version is already there, so a second run takes
# seconds. Used by .ci/run and scripts/run.sh. See ../shared/docs/TOOLCHAIN.md for why each step is so.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

WASM_PACK_VERSION=0.15.1

log() { printf '==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "setup: need root (or sudo) to run: $*" >&2
    return 1
  fi
}

# --- Chromium (Debian's; playwright-core drives it, nothing is downloaded) --------------------------------
# Debian's binaryen is NOT installed on purpose: its wasm-opt 108 breaks wasm-bindgen 0.2.130 modules.
if command -v chromium >/dev/null 2>&1; then
  log "chromium present: $(command -v chromium)"
else
  log "installing chromium + chromium-driver (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt_install() {
    as_root apt-get update -q &&
      as_root apt-get install -y -q chromium chromium-driver
  }
  # One run was seen to fail mid-unpack ("cannot access archive"); a second attempt succeeded.
  if ! apt_install; then
    log "apt install failed; retrying once"
    sleep 5
    apt_install
  fi
fi

# --- Neovim (Debian's; pkg-tests/lsp-neovim.test.mjs runs its built-in LSP client against gwlint-lsp) -------
if command -v nvim >/dev/null 2>&1; then
  log "neovim present: $(nvim --version | head -n 1)"
else
  log "installing neovim (apt)"
  export DEBIAN_FRONTEND=noninteractive
  nvim_install() {
    as_root apt-get update -q &&
      as_root apt-get install -y -q neovim
  }
  if ! nvim_install; then
    log "apt install failed; retrying once"
    sleep 5
    nvim_install
  fi
fi

# --- Rust target -------------------------------------------------------------------------------------------
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "wasm32-unknown-unknown target present"
else
  log "adding wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
  log "rustfmt and clippy present"
else
  log "adding rustfmt and clippy"
  rustup component add rustfmt clippy
fi

# --- wasm-bindgen-cli: must equal the wasm-bindgen version pinned in Cargo.toml ----------------------------
WB_VERSION="$(sed -n -E \
  -e 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*"=([0-9][0-9A-Za-z.+-]*)".*/\1/p' \
  -e 's/^[[:space:]]*wasm-bindgen[[:space:]]*=[[:space:]]*\{.*version[[:space:]]*=[[:space:]]*"=([0-9][0-9A-Za-z.+-]*)".*/\1/p' \
  Cargo.toml | head -n 1)"
if [ -z "$WB_VERSION" ]; then
  echo 'setup: Cargo.toml must pin wasm-bindgen exactly (wasm-bindgen = "=X.Y.Z")' >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $WB_VERSION" ]; then
  log "wasm-bindgen $WB_VERSION present"
else
  log "installing wasm-bindgen-cli $WB_VERSION (about 6 minutes)"
  # No --locked: the CLI's own lockfile asks for a dependency version the registry does not serve.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# --- wasm-pack (cargo install; the npm package downloads a binary and fails) -------------------------------
if [ "$(wasm-pack --version 2>/dev/null || true)" = "wasm-pack $WASM_PACK_VERSION" ]; then
  log "wasm-pack $WASM_PACK_VERSION present"
else
  log "installing wasm-pack $WASM_PACK_VERSION (about 3 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# --- npm dev dependencies (binaryen's wasm-opt, playwright-core), exactly as locked ------------------------
log "npm ci"
npm ci --no-audit --no-fund

log "setup done"
