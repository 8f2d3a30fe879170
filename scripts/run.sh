#!/usr/bin/env bash
# Installs what is missing, builds the wasm packages, lints the sample manifest with the Node build and
# serves the playground (www/) on http://127.0.0.1:${PORT:-8080}/.
#   SKIP_SETUP=1 bash scripts/run.sh    skips the install step (everything already there).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ "${SKIP_SETUP:-0}" != 1 ]; then
  bash scripts/setup.sh
fi

bash scripts/build-wasm.sh

echo "==> linting www/samples/sample.yaml"
node scripts/lint-sample.mjs www/samples/sample.yaml

echo "==> serving www/"
exec node scripts/serve.mjs www
