#!/usr/bin/env bash
# Unit tests of the TypeScript and Python SDKs (the Java SDK's run in the Maven build: ./mvnw verify -pl sdk/java).
# Installs what they need on a fresh Debian machine: Node and npm, python3-httpx and python3-pytest from Debian
# packages (PyPI is not needed), the TypeScript compiler and Node types from the npm registry (npm ci, dev only).
# Needs no running service: each test starts a local fake of the ingest API.
#
#   sdk/test.sh [typescript] [python]     (both by default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHICH=("$@")
[ ${#WHICH[@]} -gt 0 ] || WHICH=(typescript python)
log() { printf '[sdk-test] %s\n' "$*" >&2; }

apt_install() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing $* from Debian packages"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

for sdk in "${WHICH[@]}"; do
  start=$SECONDS
  case "$sdk" in
    typescript)
      command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
      cd "$ROOT/sdk/typescript"
      [ -d node_modules ] || npm ci --no-audit --no-fund --silent
      npm test --silent
      ;;
    python)
      /usr/bin/python3 -c 'import httpx, pytest' 2>/dev/null || apt_install python3-httpx python3-pytest
      cd "$ROOT/sdk/python"
      /usr/bin/python3 -m pytest -q -p no:cacheprovider
      ;;
    *) log "unknown SDK $sdk (typescript or python)"; exit 2 ;;
  esac
  log "$sdk SDK tests passed in $((SECONDS - start)) s"
done
