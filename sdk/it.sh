#!/usr/bin/env bash
# Integration test of the three SDKs against the REAL services: starts an ingestion API and a cost worker (the
# fast-jars, built if missing) on their own database, Redis db and Kafka topics, puts a fault-injecting proxy in
# front of the API (sdk/it/proxy.py: connections dropped before and after the API accepted a batch, 503 answered
# instead of the API's answer), then for each SDK creates a customer with an API key and credits through the admin
# API, has the SDK track N events through the proxy (sdk/*/.../it run programs), make 20 charges refunding part of
# every other one and, when the API has reservations, take six holds (two released, two settled by charges, two by
# events); the proxy faults charges, refunds and holds too. Then checks that every tracked event is stored exactly
# once (GET /v1/events/{id} answers PRICED for each, Postgres holds one usage row per id), each charge and refund
# exists once (API answer, charge/refund rows, CHARGE/REFUND ledger rows), each hold ended as expected with nothing
# held, and the billing audit of the customer is clean. Exits 1 on any failure. Stops everything it started.
# ./scripts/test.sh runs it.
#
#   sdk/it.sh [--events N] [--sdks "java typescript python python-async"] [--bench]
#
# --bench (what scripts/bench-sdk.sh runs): no proxy, no charges, 50,000 events per SDK unless --events, prints
# events/s.
# Environment: METERLINE_DB_NAME (meterline_sdk_it, created if missing), METERLINE_REDIS_DATABASE (0),
# METERLINE_SDK_IT_PORT (18080: API; +1 cost worker, +10 proxy), METERLINE_SDK_IT_FAULT_RATE (0.15),
# METERLINE_SDK_IT_CHARGES (20 charges per SDK, 0 with --bench),
# METERLINE_JAVA_OPTS (-Xmx512m), METERLINE_MVN_ARGS (extra Maven arguments for the build, e.g. -o).
set -euo pipefail
ML_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ML_TAG=sdk-it
PORT="${METERLINE_SDK_IT_PORT:-18080}"
ML_API_URL="http://127.0.0.1:$PORT"
# shellcheck source=scripts/lib/common.sh
source "$ML_ROOT/scripts/lib/common.sh"

EVENTS=""
SDKS="java typescript python python-async"
BENCH=false
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --sdks) SDKS=$2; shift 2 ;;
    --bench) BENCH=true; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$EVENTS" ]; then if $BENCH; then EVENTS=50000; else EVENTS=5000; fi; fi
if $BENCH; then CHARGES=0; else CHARGES="${METERLINE_SDK_IT_CHARGES:-20}"; fi

RUN="$(date +%s)-$$"
WORK="$ML_ROOT/.local/sdk-it/$RUN"
mkdir -p "$WORK"
export METERLINE_DB_NAME="${METERLINE_DB_NAME:-meterline_sdk_it}"
export METERLINE_REDIS_DATABASE="${METERLINE_REDIS_DATABASE:-0}"
export METERLINE_ADMIN_TOKEN
METERLINE_ADMIN_TOKEN=$(ml_random_token)
export METERLINE_JAVA_OPTS="${METERLINE_JAVA_OPTS:--Xmx512m}"
SUFFIX="-sdkit-$RUN"
TOPICS=(usage-events usage-priced wallet-alerts usage-events-dlq)
export METERLINE_TOPICS_USAGE_EVENTS="usage-events$SUFFIX" METERLINE_TOPICS_USAGE_PRICED="usage-priced$SUFFIX"
export METERLINE_TOPICS_WALLET_ALERTS="wallet-alerts$SUFFIX" METERLINE_TOPICS_USAGE_EVENTS_DLQ="usage-events-dlq$SUFFIX"
export METERLINE_COST_CONSUMER_GROUP="cost-worker$SUFFIX" METERLINE_AUDIT_CONSUMER_GROUP="cost-worker$SUFFIX"
export METERLINE_INGEST_RETRY_AFTER_SECONDS=1
PROXY_PID=""
TOPICS_CREATED=false

stop_all() {
  trap - INT TERM EXIT
  if [ -n "$PROXY_PID" ]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; fi
  ml_stop_services
  if $TOPICS_CREATED; then
    # one JVM for the four (--topic takes a regular expression when deleting)
    ml_kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "${METERLINE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" \
      --delete --if-exists --topic "($(IFS='|'; echo "${TOPICS[*]}"))$SUFFIX" >/dev/null 2>&1 || true
  fi
  ml_services_down_started
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ prerequisites
ml_require_tools
apt_install() {
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  ml_log "installing $* from Debian packages"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
PY=/usr/bin/python3
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
"$PY" -c 'import httpx' 2>/dev/null || apt_install python3-httpx

services_status=$("$ML_ROOT/scripts/services.sh" status)
if ! grep -q '^kafka *up' <<<"$services_status" || ! grep -q '^postgres *up' <<<"$services_status" \
  || ! grep -q '^redis *up' <<<"$services_status"; then
  ml_services_up
fi

needs_build=false
for m in ingestion-api cost-worker; do
  jar="$ML_ROOT/$m/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$ML_ROOT/$m/src/main" "$ML_ROOT/common/src/main" -newer "$jar" -print -quit)" ]; then needs_build=true; fi
done
it_class="$ML_ROOT/sdk/java/target/test-classes/io/meterline/sdk/ItRun.class"
if [ ! -d "$ML_ROOT/sdk/java/target/lib" ] || [ ! -f "$it_class" ] \
  || [ -n "$(find "$ML_ROOT/sdk/java/src" -newer "$it_class" -print -quit)" ]; then needs_build=true; fi
if $needs_build; then
  ml_log "building the ingestion API, the cost worker and the Java SDK"
  # shellcheck disable=SC2086
  (cd "$ML_ROOT" && ./mvnw -B -q -ntp ${METERLINE_MVN_ARGS:-} package -DskipTests -pl ingestion-api,cost-worker,sdk/java -am)
fi
ts_index="$ML_ROOT/sdk/typescript/dist/index.js"
if [ ! -f "$ts_index" ] || [ -n "$(find "$ML_ROOT/sdk/typescript/src" -newer "$ts_index" -print -quit)" ]; then
  ml_log "building the TypeScript SDK"
  (cd "$ML_ROOT/sdk/typescript" && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; } && npm run --silent build)
fi

# ------------------------------------------------------------------ database, topics, services
if [ -z "$(ml_psql postgres "select 1 from pg_database where datname = '$METERLINE_DB_NAME'" 2>/dev/null)" ]; then
  ml_log "creating database $METERLINE_DB_NAME"
  ml_psql postgres "create database $METERLINE_DB_NAME owner meterline" 2>/dev/null \
    || psql -X -q -h "${METERLINE_DB_HOST:-127.0.0.1}" -U postgres -c "create database $METERLINE_DB_NAME owner meterline" \
    || sudo -u postgres psql -X -q -c "create database $METERLINE_DB_NAME owner meterline"
fi
for spec in usage-events:6 usage-priced:6 wallet-alerts:3 usage-events-dlq:1; do
  ml_kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "${METERLINE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}" \
    --create --if-not-exists --topic "${spec%%:*}$SUFFIX" --partitions "${spec##*:}" --replication-factor 1 >/dev/null
done
TOPICS_CREATED=true

# one after the other: the first one migrates the database, and a busy machine starts them faster one at a time
ml_start_service ingestion-api "$PORT" "$WORK/ingestion-api.log"
ml_wait_ready ingestion-api "$PORT" "$WORK/ingestion-api.log" 180
ml_start_service cost-worker "$((PORT + 1))" "$WORK/cost-worker.log"
ml_wait_ready cost-worker "$((PORT + 1))" "$WORK/cost-worker.log" 180
# Reservations too, when this API has them (its OpenAPI document lists the path) and charges are made.
RESERVATIONS=0
if [ "$CHARGES" -ge 2 ] && grep -q '/v1/reservations' <<<"$(curl -fs "$ML_API_URL/q/openapi" || true)"; then
  RESERVATIONS=1
fi

# A fresh proxy per SDK, so that each one meets the four kinds of fault on its first four batches.
start_proxy() {
  "$PY" "$ML_ROOT/sdk/it/proxy.py" --listen "$((PORT + 10))" --upstream "$ML_API_URL" \
    --fault-rate "${METERLINE_SDK_IT_FAULT_RATE:-0.15}" --seed 7 --stats "$WORK/$1-proxy-stats.json" 2>"$WORK/$1-proxy.log" &
  PROXY_PID=$!
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$((PORT + 10))/q/health/live" >/dev/null 2>&1 && return 0; sleep 0.2; done
  ml_die "the proxy did not start (see $WORK/$1-proxy.log)"
}
stop_proxy() {
  [ -n "$PROXY_PID" ] || return 0
  kill "$PROXY_PID" 2>/dev/null || true
  wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=""
  ml_log "$1: faults injected by the proxy: $(cat "$WORK/$1-proxy-stats.json" 2>/dev/null)"
}
TARGET="$ML_API_URL"
$BENCH || TARGET="http://127.0.0.1:$((PORT + 10))"

# ------------------------------------------------------------------ each SDK
run_sdk() {
  local sdk=$1
  case "$sdk" in
    java) java -Xmx512m -cp "$ML_ROOT/sdk/java/target/classes:$ML_ROOT/sdk/java/target/test-classes:$ML_ROOT/sdk/java/target/lib/*" io.meterline.sdk.ItRun ;;
    typescript) node "$ML_ROOT/sdk/typescript/test/it/run.js" ;;
    python) PYTHONPATH="$ML_ROOT/sdk/python/src" "$PY" "$ML_ROOT/sdk/python/tests/it_run.py" ;;
    python-async) IT_ASYNC=1 PYTHONPATH="$ML_ROOT/sdk/python/src" "$PY" "$ML_ROOT/sdk/python/tests/it_run.py" ;;
    *) ml_die "unknown SDK $sdk" ;;
  esac
}

failed=()
results=()
for sdk in $SDKS; do
  customer="sdkit-$sdk-$RUN"
  ml_ensure_customer "$customer" "SDK integration test ($sdk)"
  key=$(ml_create_api_key "$customer" "sdk-it")
  ml_top_up "$customer" 1000000000 "sdk-it-$customer"
  $BENCH || start_proxy "$sdk"
  ml_log "$sdk: tracking $EVENTS events, making $CHARGES charges and $((RESERVATIONS * 6)) reservations through ${TARGET}"
  ok=true
  line=$(IT_URL="$TARGET" IT_KEY="$key" IT_CUSTOMER="$customer" IT_EVENTS="$EVENTS" IT_IDS="$WORK/$sdk.ids" \
    IT_CHARGES="$CHARGES" IT_CHARGE_FILE="$WORK/$sdk.charges" IT_RESERVATIONS="$RESERVATIONS" \
    IT_RESERVATION_FILE="$WORK/$sdk.reservations" run_sdk "$sdk") || ok=false
  $BENCH || stop_proxy "$sdk"
  if ! $ok; then
    ml_log "$sdk: the SDK did not send every event: $line"
    failed+=("$sdk"); continue
  fi
  ml_log "$sdk: $line"
  results+=("$line")
  charge_args=()
  [ "$CHARGES" -eq 0 ] || charge_args=(--charges "$WORK/$sdk.charges")
  [ "$RESERVATIONS" -eq 0 ] || charge_args+=(--reservations "$WORK/$sdk.reservations")
  if ! check=$(PGPASSWORD="${METERLINE_DB_PASSWORD:-meterline}" "$PY" "$ML_ROOT/sdk/it/verify.py" --api "$ML_API_URL" \
      --key "$key" --customer "$customer" --ids "$WORK/$sdk.ids" --db "$METERLINE_DB_NAME" --wait 180 \
      "${charge_args[@]}"); then
    ml_log "$sdk: NOT stored exactly once: $check"
    failed+=("$sdk"); continue
  fi
  ml_log "$sdk: $check"
  audit=$(ml_admin_ok 200 GET "/v1/admin/audit?customer_id=$customer")
  if [ "$(jq '.violations' <<<"$audit")" != 0 ]; then
    ml_log "$sdk: the audit of $customer is not clean: $(jq -c '[.checks[] | select(.violations > 0)]' <<<"$audit")"
    failed+=("$sdk"); continue
  fi
  ml_log "$sdk: audit clean"
done

echo
printf '%-14s %8s %9s %10s %8s %7s %8s\n' sdk events seconds events/s retried failed charges
for line in "${results[@]}"; do
  jq -r '[.sdk, .events, .seconds, .events_per_s, .metrics.retried, .metrics.failed, (.charges // 0)] | @tsv' <<<"$line" |
    awk -F'\t' '{ printf "%-14s %8s %9s %10s %8s %7s %8s\n", $1, $2, $3, $4, $5, $6, $7 }'
done
if [ ${#failed[@]} -gt 0 ]; then ml_log "FAILED: ${failed[*]} (logs in $WORK)"; exit 1; fi
ml_log "every tracked event stored exactly once (logs in $WORK)"
