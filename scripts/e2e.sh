#!/usr/bin/env bash
# End-to-end test of billing integrity and audited re-rating against the REAL services (issues 11 and 12): starts
# the ingestion API, the cost worker and the aggregation worker (the fast-jars, built if missing) on their own
# database, Redis database, Kafka topics and ports, then runs `scripts/loadgen --hostile`, which
#   1. creates customers (price multipliers, API keys, credits) and a test model's rates through the admin API;
#   2. sends jqwik-generated hostile batches through POST /v1/events/ingest (unicode edge cases, lone surrogates
#      escaped as \ud800, control characters and NUL, extreme, negative and fractional numbers, counts at and above
#      10^12, idempotency keys repeated across batches and days, unknown fields, keys repeated inside an event,
#      wrong JSON types, content after the document, broken documents, another customer's id, re-sent batches)
#      and judges every answer: each event accepted or refused naming its planted field, a whole-batch 400/403 in
#      the one error shape, never a 5xx;
#   3. follows every accepted event with GET /v1/events/{id} until PRICED (at the credits an independent oracle
#      computes), UNPRICED or REJECTED with a reason; still PENDING after --wait is a failure;
#   4. corrects the test model's price for a past window with PUT /v1/admin/rates "rerate": true, waits for the
#      job (GET /v1/admin/rerate-jobs/{id}) and checks its counters and totals against the events' credits before
#      and after, the RERATE ledger row of each wallet and the balances; then the same correction again, whose job
#      must change nothing;
#   5. asks for the billing audit (zero violations).
# Then this script checks in Postgres that no event was stored twice and that each re-rated usage row keeps its old
# credits (original_credits) beside the new ones, and prints ./scripts/audit. Exits 1 on any failure; stops
# everything it started and deletes its topics. ./scripts/test.sh runs it (full run only).
#
#   scripts/e2e.sh [--events N (1000)] [--seed S] [--cross-day-keys] [--keep]
#
# --keep: leave the services running at the end (Ctrl-C stops them). A failing seed can be run again with --seed.
# --cross-day-keys: idempotency keys also come back on other UTC days than their first use (by default a key keeps
# its day, as a retry does).
# Environment: METERLINE_E2E_PORT (26080: API, +1 cost worker, +2 aggregation worker), METERLINE_DB_NAME
# (meterline_e2e, created if missing; its tables are emptied at the start so that the whole-database audit is this
# run's), METERLINE_REDIS_DATABASE (9), METERLINE_JAVA_OPTS (-Xmx384m, C1 only, serial GC: faster starts),
# METERLINE_MVN_ARGS (extra Maven arguments for the build, e.g. -o).
set -euo pipefail
ML_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ML_TAG=e2e
PORT="${METERLINE_E2E_PORT:-26080}"
ML_API_URL="http://127.0.0.1:$PORT"
# shellcheck source=scripts/lib/common.sh
source "$ML_ROOT/scripts/lib/common.sh"

EVENTS=1000
SEED=""
KEEP=false
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --keep) KEEP=true; shift ;;
    --cross-day-keys) EXTRA+=(--cross-day-keys); shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$SEED" ] || SEED=$(( $(date +%s%N) % 1000000007 ))

START=$SECONDS
RUN="$(date +%s)-$$"
WORK="$ML_ROOT/.local/e2e/$RUN"
mkdir -p "$WORK"
PREFIX="e2e-$RUN"
export METERLINE_DB_NAME="${METERLINE_DB_NAME:-meterline_e2e}"
export METERLINE_REDIS_DATABASE="${METERLINE_REDIS_DATABASE:-9}"
export METERLINE_ADMIN_TOKEN
METERLINE_ADMIN_TOKEN=$(ml_random_token)
export METERLINE_JAVA_OPTS="${METERLINE_JAVA_OPTS:--Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}"
KAFKA_BOOTSTRAP="${METERLINE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
SUFFIX="-e2e-$RUN"
export METERLINE_TOPICS_USAGE_EVENTS="usage-events$SUFFIX" METERLINE_TOPICS_USAGE_PRICED="usage-priced$SUFFIX"
export METERLINE_TOPICS_WALLET_ALERTS="wallet-alerts$SUFFIX" METERLINE_TOPICS_USAGE_EVENTS_DLQ="usage-events-dlq$SUFFIX"
export METERLINE_TOPICS_WALLET_MOVEMENTS="wallet-movements$SUFFIX"
export METERLINE_COST_CONSUMER_GROUP="cost-worker$SUFFIX" METERLINE_AUDIT_CONSUMER_GROUP="cost-worker$SUFFIX"
# one run sends a few hundred requests per key within a minute; a retry is asked for after 1 s, not 5
export METERLINE_INGEST_RATE_LIMIT_PER_MINUTE=100000 METERLINE_INGEST_RETRY_AFTER_SECONDS=1
# re-rating jobs start 1 s after the PUT (one cost worker, notified of the new rates at once), looked for every
# second, in chunks of 50 rows (so a job takes several); UNPRICED rows are re-priced every 5 s
export METERLINE_COST_RERATE_START_DELAY=1s METERLINE_COST_RERATE_CRON='*/1 * * * * ?'
export METERLINE_COST_RERATE_CHUNK_SIZE=50 METERLINE_COST_REPRICE_EVERY=5s
# the machine's Postgres allows 100 connections in all, shared with other runs
export QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=8 QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=30S
TOPICS_CREATED=false

# TopicsMain (testing module) creates or deletes the five topics in one JVM, with the Kafka client the cost
# worker ships
topics() {
  local lib="$ML_ROOT/cost-worker/target/quarkus-app/lib/main" testing
  testing=$(ls "$ML_ROOT"/testing/target/meterline-testing-*.jar | grep -v -- '-tests\.jar$' | head -n 1)
  # shellcheck disable=SC2086 # a list of JVM options
  java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
    -cp "$testing:$(ls "$lib"/org.apache.kafka.kafka-clients-*.jar):$(ls "$lib"/org.slf4j.slf4j-api-*.jar)" \
    io.meterline.testing.TopicsMain "$KAFKA_BOOTSTRAP" "$1" "$SUFFIX" >>"$WORK/topics.log" 2>&1
}

stop_all() {
  trap - INT TERM EXIT
  ml_stop_services
  if $TOPICS_CREATED; then topics delete || ml_log "could not delete the topics *$SUFFIX (see $WORK/topics.log)"; fi
  ml_services_down_started
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ prerequisites, build
ml_require_tools
services_status=$("$ML_ROOT/scripts/services.sh" status)
if ! grep -q '^kafka *up' <<<"$services_status" || ! grep -q '^postgres *up' <<<"$services_status" \
  || ! grep -q '^redis *up' <<<"$services_status"; then
  ml_services_up
fi
needs_build=false
for jar in {ingestion-api,cost-worker,aggregation-worker}/target/quarkus-app/quarkus-run.jar loadgen/target/meterline-loadgen.jar; do
  module=${jar%%/*}
  if [ ! -f "$ML_ROOT/$jar" ] || [ -n "$(find "$ML_ROOT/$module/src/main" "$ML_ROOT/common/src/main" "$ML_ROOT/$module/pom.xml" \
    -newer "$ML_ROOT/$jar" -print -quit)" ]; then needs_build=true; fi
done
ls "$ML_ROOT"/testing/target/meterline-testing-*.jar >/dev/null 2>&1 || needs_build=true
if $needs_build; then
  ml_log "building the services, the load generator and the testing module"
  # shellcheck disable=SC2086
  (cd "$ML_ROOT" && ./mvnw -B -q -ntp ${METERLINE_MVN_ARGS:-} package -DskipTests \
    -pl ingestion-api,cost-worker,aggregation-worker,loadgen,testing -am)
fi

# ------------------------------------------------------------------ database, topics, services
if [ -z "$(ml_psql postgres "select 1 from pg_database where datname = '$METERLINE_DB_NAME'" 2>/dev/null)" ]; then
  ml_log "creating database $METERLINE_DB_NAME"
  ml_psql postgres "create database $METERLINE_DB_NAME owner meterline" 2>/dev/null \
    || psql -X -q -h "${METERLINE_DB_HOST:-127.0.0.1}" -U postgres -c "create database $METERLINE_DB_NAME owner meterline"
fi
# every table emptied except the migration history, the rates and the billing settings (as scripts/chaos.sh does)
ml_psql "$METERLINE_DB_NAME" "SET client_min_messages TO warning; DO \$\$ DECLARE t text; BEGIN
  SELECT string_agg(format('%I', tablename), ', ') INTO t FROM pg_tables WHERE schemaname = current_schema()
    AND tablename NOT IN ('flyway_schema_history', 'provider_rates', 'billing_settings');
  IF t IS NOT NULL THEN EXECUTE 'TRUNCATE ' || t || ' CASCADE'; END IF; END \$\$"
TOPICS_CREATED=true
topics create &
topics_pid=$!
# the API first: it migrates the database; then the two workers side by side
ml_start_service ingestion-api "$PORT" "$WORK/ingestion-api.log"
wait "$topics_pid" || { cat "$WORK/topics.log" >&2; ml_die "could not create the topics *$SUFFIX"; }
ml_wait_ready ingestion-api "$PORT" "$WORK/ingestion-api.log" 180
ml_start_service cost-worker "$((PORT + 1))" "$WORK/cost-worker.log"
ml_start_service aggregation-worker "$((PORT + 2))" "$WORK/aggregation-worker.log"
ml_wait_ready cost-worker "$((PORT + 1))" "$WORK/cost-worker.log" 180
ml_wait_ready aggregation-worker "$((PORT + 2))" "$WORK/aggregation-worker.log" 180
ml_log "services ready after $((SECONDS - START)) s (logs in $WORK)"

# ------------------------------------------------------------------ the hostile run, then Postgres and the audit
failed=false
# shellcheck disable=SC2086 # a list of JVM options
java ${METERLINE_LOADGEN_JAVA_OPTS:--Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC} \
  -jar "$ML_ROOT/loadgen/target/meterline-loadgen.jar" --hostile --url "$ML_API_URL" --events "$EVENTS" \
  --seed "$SEED" --prefix "$PREFIX" --rerated "$WORK/rerated.tsv" "${EXTRA[@]}" >"$WORK/hostile.out" 2>"$WORK/hostile.err" \
  || failed=true
grep -v '^\[hostile\] re-rating job' "$WORK/hostile.err" | head -n 40 >&2 || true
summary=$(grep '^HOSTILE ' "$WORK/hostile.out" || echo "HOSTILE (no summary: see $WORK/hostile.err)")

twice=$(ml_psql "$METERLINE_DB_NAME" "SELECT count(*) FROM (SELECT 1 FROM usage_events
  WHERE customer_id LIKE '$PREFIX-%' GROUP BY customer_id, event_id HAVING count(*) > 1) d")
[ "$twice" = 0 ] || { ml_log "FAIL $twice event ids stored more than once"; failed=true; }
if [ -s "$WORK/rerated.tsv" ]; then
  # each re-rated row: credits = the new price, original_credits = the old one, rerated_by = the first job
  kept=$(PGPASSWORD="${METERLINE_DB_PASSWORD:-meterline}" psql -X -q -v ON_ERROR_STOP=1 -tA \
    -h "${METERLINE_DB_HOST:-127.0.0.1}" -p "${METERLINE_DB_PORT:-5432}" -U "${METERLINE_DB_USER:-meterline}" \
    -d "$METERLINE_DB_NAME" <<SQL
CREATE TEMP TABLE rerated (customer_id text, event_id uuid, old numeric, new numeric, job uuid);
\copy rerated FROM '$WORK/rerated.tsv'
SELECT count(*) FILTER (WHERE u.original_credits = r.old AND u.credits = r.new AND u.rerated_by = r.job)
       || '/' || count(*) FROM rerated r LEFT JOIN usage_events u USING (customer_id, event_id);
SQL
)
  if [ "${kept%/*}" != "${kept#*/}" ]; then ml_log "FAIL re-rated usage rows keeping both prices: $kept"; failed=true; fi
else
  kept="0/0"
  $failed || { ml_log "FAIL no re-rated events written"; failed=true; }
fi
METERLINE_URL="$ML_API_URL" "$ML_ROOT/scripts/audit" >"$WORK/audit.txt" 2>&1 || { cat "$WORK/audit.txt" >&2; failed=true; }

echo "$summary stored_twice=$twice rerated_rows_kept=$kept total_seconds=$((SECONDS - START))"
if $KEEP; then ml_log "services left running on $PORT-$((PORT + 2)); Ctrl-C stops them"; sleep infinity; fi
if $failed; then ml_log "FAILED (seed $SEED; logs in $WORK)"; exit 1; fi
ml_log "passed (seed $SEED)"
