#!/usr/bin/env bash
# Brings up Postgres, Redis and Kafka (scripts/services.sh) and runs the whole test suite against them.
# Extra arguments go to Maven, e.g. ./scripts/test.sh -pl cost-worker -am (then the SDKs' own tests, sdk/test.sh
# and sdk/it.sh, are skipped)
# On exit (success, failure or Ctrl-C) it stops the Kafka broker if this run started it; a broker that was
# already running (started earlier by services.sh or run.sh, or not ours at all) is left alone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v java >/dev/null || { echo "Java 17 is required (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

# services.sh writes this pid file only for a broker it starts itself (see kafka_start there)
KAFKA_PID_FILE="$ROOT/.local/kafka/kafka.pid"
kafka_pid_alive() { [ -f "$KAFKA_PID_FILE" ] && kill -0 "$(cat "$KAFKA_PID_FILE")" 2>/dev/null && cat "$KAFKA_PID_FILE"; }
kafka_before=$(kafka_pid_alive || true)

stop_kafka_if_ours() {
  local now
  now=$(kafka_pid_alive || true)
  if [ -n "$now" ] && [ "$now" != "$kafka_before" ]; then
    echo "[test] stopping the Kafka broker this run started (pid $now)" >&2
    ./scripts/services.sh down kafka || true
  fi
}
trap stop_kafka_if_ours EXIT
trap 'exit 130' INT TERM

./scripts/services.sh up
# The webhook tests verify every delivery with the official npm verifier (standardwebhooks, from its lock file),
# and the TypeScript SDK is tested with Node: install Node.js and npm from Debian's packages when missing.
if ! command -v npm >/dev/null; then
  echo "[test] installing nodejs and npm (Debian packages)" >&2
  sudo_cmd=(); [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
./aggregation-worker/src/test/node/webhook-receiver/install.sh
start=$SECONDS
./mvnw -B -ntp verify "$@"
# Only on a full run: the TypeScript and Python SDKs' unit tests (the Java SDK's ran in the Maven build), then the
# three SDKs' integration test against the API and cost-worker jars the build just made, through the fault proxy
# (sdk/it.sh: every event, charge and refund stored and billed once, audit clean; METERLINE_SDK_IT_EVENTS per SDK),
# the hostile end-to-end run (scripts/e2e.sh), and the reduced chaos run (scripts/chaos.sh --reduced: three faults,
# credit operations and webhooks).
# The chaos run starts first, in the background, beside the SDK runs: its own ports, database and Redis database,
# and its own topics on the machine's broker, like sdk/it.sh (other ports, other topics); most of its time is spent
# waiting (JVM starts, fault windows); one after the other the two took over 7 minutes.
if [ $# -eq 0 ]; then
  chaos_log="$ROOT/.local/chaos-reduced.log"
  mkdir -p "$ROOT/.local"
  chaos_start=$SECONDS
  ./scripts/chaos.sh --reduced >"$chaos_log" 2>&1 &
  chaos_pid=$!
  trap 'kill "$chaos_pid" 2>/dev/null; wait "$chaos_pid" 2>/dev/null; stop_kafka_if_ours' EXIT
  ./sdk/test.sh
  ./sdk/it.sh --events "${METERLINE_SDK_IT_EVENTS:-1000}"
  # hostile events through HTTP ingest to a decided status (keys also reused on other days), re-rating through the
  # PUT twice, audit clean (ports 26080-26082, database meterline_e2e, Redis database 9, its own topics)
  e2e_start=$SECONDS
  ./scripts/e2e.sh --cross-day-keys
  echo "[test] scripts/e2e.sh took $((SECONDS - e2e_start)) s"
  chaos_status=0
  wait "$chaos_pid" || chaos_status=$?
  trap stop_kafka_if_ours EXIT
  cat "$chaos_log"
  echo "[test] reduced chaos run took $((SECONDS - chaos_start)) s (beside the SDK runs)"
  [ "$chaos_status" -eq 0 ] || { echo "[test] the reduced chaos run failed ($chaos_status)" >&2; exit 1; }
fi
echo "[test] full test run took $((SECONDS - start)) s"
