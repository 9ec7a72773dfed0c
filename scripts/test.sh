#!/usr/bin/env bash
# Brings up Postgres, Redis and Kafka (scripts/services.sh) and runs the whole test suite against them.
# Extra arguments go to Maven, e.g. ./scripts/test.sh -pl cost-worker -am
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v java >/dev/null || { echo "Java 17 is required (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
./scripts/services.sh up
start=$SECONDS
./mvnw -B -ntp verify "$@"
echo "[test] full test run took $((SECONDS - start)) s"
