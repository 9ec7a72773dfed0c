#!/usr/bin/env bash
# Installs the test receiver's only dependency, the official Standard Webhooks verifier (npm standardwebhooks), from
# package-lock.json. Called by scripts/test.sh, and by the tests themselves when node_modules is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
command -v npm >/dev/null || { echo "npm is not installed (apt-get install nodejs npm)" >&2; exit 1; }
if [ ! -f node_modules/standardwebhooks/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
