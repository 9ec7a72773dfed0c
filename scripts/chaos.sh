#!/usr/bin/env bash
# Chaos suite: the real services under faults, with load, counting what was lost or billed twice.
#
#   scripts/chaos.sh [scenario...]      all scenarios in this order when none is named:
#     worker-kill-loop   kill -9 the cost worker every few seconds, restart it; recovery = restart -> consuming
#     two-workers        two cost workers in one group, one killed with kill -9 and left dead
#     ingest-kill        kill -9 the ingestion API twice mid-load; the client re-sends every unanswered batch
#     kafka-restart      kill -9 the Kafka broker, restart it 10 s later; 503 (never 202) meanwhile, retries accepted
#     redis-down         Redis cut for 15 s (proxy) while duplicates are sent: ingest keeps answering 202
#     postgres-down      Postgres cut for 30 s (proxy): ingest goes on, the worker pauses and catches up
#     slow-postgres      every Postgres round trip delayed (proxy) for 20 s: latency grows, nothing lost
#   scripts/chaos.sh --reduced [scenario...]   the reduced run of ./scripts/test.sh (under 3 minutes): ingest-kill
#                                       (one kill), redis-down, worker-kill-loop (one kill), each 15 s at 400 events/s
#                                       over 4 customers, with credit operations at 10/s; its own ports (base 27000),
#                                       database meterline_chaos_reduced and Redis database 7, the machine's Kafka
#                                       broker (127.0.0.1:9092, started by scripts/services.sh when down) with this
#                                       run's own topics and consumer group (created at the start, topics deleted
#                                       at the end); uses the jars as they are (the Maven build just made them) and
#                                       fails when one is missing
#   scripts/chaos.sh --inputs           the bad-input corpus instead (also: --inputs beside scenario names): ~580
#                                       hostile requests at every public endpoint (testing/.../hostile/Corpus), each
#                                       must get its documented 4xx in the one error shape and change nothing
#
# It starts everything it needs beside what already runs, on private ports, and stops all of it on exit: a second
# Kafka broker (KRaft, 127.0.0.1:28092, data under .local/chaos/kafka-28000; not in the reduced run), a TCP proxy
# process (testing/ProxyMain) in front of the machine's Postgres (:28032) and Redis (:28079) that can cut or delay
# them, the ingestion API
# (:28080), cost workers (:28081, :28083) and the aggregation worker (:28082) on the database meterline_chaos and
# Redis database 5, and the load generator at a fixed rate, re-sending every batch whose outcome is open. The
# machine's Postgres, Redis and Kafka are never stopped.
#
# Per scenario: fresh customers, the load for about a minute with the fault in its middle (fault times count from
# the load generator's START line, its first measured batch, not from its process start), then the drain; one table
# row: events sent (copies included), accepted (202, duplicates excluded), stored and priced (distinct rows in
# Postgres), lost (acknowledged to the client, not stored), billed twice (an event stored or burned more than
# once), balance off (customers whose wallet moved by other than the credits of their priced rows), recovery
# (seconds from the end of the fault, or from the kill when nothing restarts, until every customer of the scenario
# is billed again; max over the kills) and the audit's violations. The row fails when lost, billed twice, balance
# off or the audit is not 0. Under it, the credit operations' counts and the scheduled jobs' (grant expiry, auto
# top-up, renewals: each decided once), each failing the scenario when off. Rows also go to
# .local/chaos/<run>/table.md; logs beside them.
#
# Environment: CHAOS_PORT_BASE (28000: the ports above are relative to it), CHAOS_RATE (events/s, default 2000), CHAOS_BATCH (events per request, 100), CHAOS_CUSTOMERS (per
# scenario, 12), CHAOS_DB (the database, meterline_chaos: emptied at the start of a run), CHAOS_REDIS_DB (5),
# CHAOS_READY_TIMEOUT (seconds the services may take to start, 120), CHAOS_OPS_RATE (credit operations/s, 20),
# CHAOS_WEBHOOK_ATTEMPTS (4), CHAOS_JAVA_OPTS (services' JVM options, -Xmx512m plus the fast-start options below),
# CHAOS_PRIME_ROUNDS (the load generator's connection priming, 50; 2 in the reduced run), CHAOS_PG_POOL (Postgres
# connections per service, 12; 8 in the reduced run), CHAOS_GROUP_PROTOCOL
# (classic) and CHAOS_INSTANCE_ID (unset: each worker's default; none: dynamic membership) for the cost workers;
# for the scheduled credit jobs (scripts/lib/chaos_ops.sh): CHAOS_GRANTS_CRON (* * * * * ?: every second) and
# CHAOS_RENEWALS_CRON (*/2 * * * * ?) instead of every minute, CHAOS_GRANT_LIFE (seconds a short-lived grant lives,
# 5), CHAOS_TOP_UP_GAP (credits from the start balance to the auto top-up threshold, about 3 s of a customer's burn).
# Exit status: 0 when every row holds, 1 otherwise.
set -euo pipefail
ML_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ML_TAG=chaos
REDUCED=false
if [ "${1:-}" = --reduced ]; then REDUCED=true; shift; fi
if $REDUCED; then BASE="${CHAOS_PORT_BASE:-27000}"; else BASE="${CHAOS_PORT_BASE:-28000}"; fi
INGEST_PORT=$((BASE + 80))
ML_API_URL="http://127.0.0.1:$INGEST_PORT"
# shellcheck source=scripts/lib/common.sh
source "$ML_ROOT/scripts/lib/common.sh"
# shellcheck source=scripts/lib/chaos_ops.sh
source "$ML_ROOT/scripts/lib/chaos_ops.sh"
cd "$ML_ROOT"

ALL_SCENARIOS=(worker-kill-loop two-workers ingest-kill kafka-restart redis-down postgres-down slow-postgres)
if [ $# -gt 0 ]; then
  case "$1" in -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
  SCENARIOS=("${@/#--inputs/inputs}")
  for s in "${SCENARIOS[@]}"; do
    [[ " ${ALL_SCENARIOS[*]} inputs " == *" $s "* ]] || ml_die "unknown scenario $s (see --help)"
  done
elif $REDUCED; then # worker-kill-loop last: by then the cost worker's archive is written (COST_JSA below)
  SCENARIOS=(ingest-kill redis-down worker-kill-loop)
else
  SCENARIOS=("${ALL_SCENARIOS[@]}")
fi

# Each scenario's load (s) and fault times (s after the load started): the full run, or the reduced one
if $REDUCED; then
  RATE="${CHAOS_RATE:-400}" BATCH="${CHAOS_BATCH:-50}" CUSTOMERS="${CHAOS_CUSTOMERS:-4}" OPS_RATE="${CHAOS_OPS_RATE:-10}"
  REDIS_DB="${CHAOS_REDIS_DB:-7}" DB="${CHAOS_DB:-meterline_chaos_reduced}"
  WKL_LOAD=15 WKL_FIRST=3 WKL_UNTIL=6 IK_LOAD=15 IK_KILLS="5" RD_LOAD=15 RD_CUT=4 RD_RESUME=10
  PRIME_ROUNDS="${CHAOS_PRIME_ROUNDS:-2}"
  # a batch left pending in Redis by the killed API is retried after 10 s instead of 60 (it must exceed the publish
  # timeout, 5 s here instead of 15: nothing in the reduced run stops Kafka, so the time-out only delays a 503)
  export METERLINE_INGEST_PENDING_TTL=10s METERLINE_INGEST_PUBLISH_TIMEOUT=5s METERLINE_INGEST_RETRY_AFTER_SECONDS=1
  # none of its scenarios stops Kafka: the machine's broker, with this run's own topics and consumer group
  SHARED_KAFKA=true
  # Postgres connections per service (Quarkus's default is 20): the machine's Postgres allows 100 in all, shared
  # with whatever else runs (./scripts/test.sh runs this beside the SDK runs); 400 events/s need far fewer
  PG_POOL="${CHAOS_PG_POOL:-8}"
  # Class-data sharing for the cost worker only, whose restarts the recovery figure measures: its archive
  # (.local/cds/cost-worker-reduced.jsa) is recorded during the set-up, when missing or older than the jar, by one
  # more cost-worker JVM started beside the three services (its own consumer group on a topic without events) and
  # stopped once they are ready (the JVM writes it at a normal exit, taken before the first restart); about a
  # third less CPU and time per restart (docs/reliability.md). The other services start without one (a recording
  # of each would cost the short run more than it saves). METERLINE_CDS=off: none at all.
  if [ "${METERLINE_CDS:-on}" != off ]; then COST_JSA="$ML_ROOT/.local/cds/cost-worker-reduced.jsa"; fi
  export METERLINE_CDS=off
else
  RATE="${CHAOS_RATE:-2000}" BATCH="${CHAOS_BATCH:-100}" CUSTOMERS="${CHAOS_CUSTOMERS:-12}"
  REDIS_DB="${CHAOS_REDIS_DB:-5}" DB="${CHAOS_DB:-meterline_chaos}"
  WKL_LOAD=60 WKL_FIRST=5 WKL_UNTIL=45 IK_LOAD=50 IK_KILLS="10 25" RD_LOAD=45 RD_CUT=10 RD_RESUME=25
  PRIME_ROUNDS="${CHAOS_PRIME_ROUNDS:-50}"
  PG_POOL="${CHAOS_PG_POOL:-12}" # (with Quarkus's 20 a run on 2026-12-03 found none free beside a benchmark)
  SHARED_KAFKA=false # kafka-restart kills the broker: a private one
fi
# Every JVM of the run starts with C1 only and the serial collector: about a third less CPU to start a service (the
# restarted cost worker is what the recovery figure measures); C1 code kept up with the full run's 2,000 events/s.
FAST_START="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
JAVA_OPTS="${CHAOS_JAVA_OPTS:--Xmx512m $FAST_START}"
TOP_UP=1000000000
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ML_ROOT/.local/chaos/$RUN_ID"
KAFKA_DIR="$ML_ROOT/.local/chaos/kafka-$BASE"
KAFKA_PORT=$((BASE + 92))
KAFKA_CONTROLLER_PORT=$((BASE + 93))
PG_PROXY_PORT=$((BASE + 32))
REDIS_PROXY_PORT=$((BASE + 79))
PROXY_CONTROL_PORT=$((BASE + 99))
if $SHARED_KAFKA; then
  KAFKA_BOOTSTRAP="${METERLINE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
  TOPIC_SUFFIX="-chaos-$RUN_ID-$$"
  export METERLINE_TOPICS_USAGE_EVENTS="usage-events$TOPIC_SUFFIX" METERLINE_TOPICS_USAGE_PRICED="usage-priced$TOPIC_SUFFIX"
  export METERLINE_TOPICS_WALLET_ALERTS="wallet-alerts$TOPIC_SUFFIX" METERLINE_TOPICS_USAGE_EVENTS_DLQ="usage-events-dlq$TOPIC_SUFFIX"
  export METERLINE_TOPICS_WALLET_MOVEMENTS="wallet-movements$TOPIC_SUFFIX"
  export METERLINE_COST_CONSUMER_GROUP="cost-worker$TOPIC_SUFFIX" METERLINE_AUDIT_CONSUMER_GROUP="cost-worker$TOPIC_SUFFIX"
  [[ " ${SCENARIOS[*]} " != *" kafka-restart "* ]] || ml_die "kafka-restart needs the private broker: not with --reduced"
else
  KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
fi
TOPICS_CREATED=false
declare -A PORT=([ingest]=$INGEST_PORT [cost1]=$((BASE + 81)) [cost2]=$((BASE + 83)) [agg]=$((BASE + 82))
  [cds]=$((BASE + 84)))
declare -A MODULE=([ingest]=ingestion-api [cost1]=cost-worker [cost2]=cost-worker [agg]=aggregation-worker
  [cds]=cost-worker)
declare -A SVC_PID=()
PROXY_PID=""
CDS_PID=""
LOADGEN_PID=""
FAILED=false
mkdir -p "$OUT"

now_ms() { date +%s%3N; }

# ------------------------------------------------------------------ private Kafka broker (scripts/services.sh)
kafka_env() {
  METERLINE_KAFKA_PORT=$KAFKA_PORT METERLINE_KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT \
    METERLINE_KAFKA_DIR="$KAFKA_DIR" METERLINE_KAFKA_HEAP="-Xms256m -Xmx512m" "$@"
}
kafka_up() { kafka_env "$ML_ROOT/scripts/services.sh" up kafka >>"$OUT/kafka-control.log" 2>&1; }
kafka_down() { kafka_env "$ML_ROOT/scripts/services.sh" down kafka >>"$OUT/kafka-control.log" 2>&1 || true; }
kafka_kill9() { if [ -f "$KAFKA_DIR/kafka.pid" ]; then kill -9 "$(cat "$KAFKA_DIR/kafka.pid")" 2>/dev/null || true; fi; }

# ------------------------------------------------------------------ or the machine's broker, with the run's topics
# topics create|delete: the five topics with the run's suffix, one JVM (testing/TopicsMain)
topics() {
  # shellcheck disable=SC2086 # FAST_START is a list of JVM options
  java -Xmx128m $FAST_START -Dlog4j2.configurationFile="$ML_KAFKA_LIBS/../log4j2-tools.properties" \
    -cp "$TESTING_JAR:$ML_KAFKA_LIBS/*" io.meterline.testing.TopicsMain "$KAFKA_BOOTSTRAP" "$1" "$TOPIC_SUFFIX" \
    >>"$OUT/topics.log" 2>&1
}

# ------------------------------------------------------------------ proxies in front of Postgres and Redis
proxy_start() {
  # shellcheck disable=SC2086 # FAST_START is a list of JVM options
  java -Xmx64m $FAST_START -cp "$TESTING_JAR" io.meterline.testing.ProxyMain \
    "$PROXY_CONTROL_PORT" "pg=$PG_PROXY_PORT:127.0.0.1:${METERLINE_DB_PORT:-5432}" \
    "redis=$REDIS_PROXY_PORT:127.0.0.1:${METERLINE_REDIS_PORT:-6379}" >"$OUT/proxy.log" 2>&1 &
  PROXY_PID=$!
  local deadline=$((SECONDS + 30))
  until [ "$(proxy ping 2>/dev/null)" = ok ]; do
    [ $SECONDS -lt $deadline ] || ml_die "the proxy did not start; see $OUT/proxy.log"
    sleep 0.3
  done
}

# proxy COMMAND...: cut NAME | resume NAME | delay NAME MILLIS | ping
proxy() {
  local answer
  exec 7<>"/dev/tcp/127.0.0.1/$PROXY_CONTROL_PORT"
  printf '%s\n' "$*" >&7
  read -r answer <&7 || true
  exec 7>&-
  echo "$answer"
}

# ------------------------------------------------------------------ the services, each on its own
svc_start() { # NAME
  local name=$1 cds extra=()
  if [ "$name" = cds ]; then # the reduced run's recording of the cost worker's archive (COST_JSA)
    cds="-XX:ArchiveClassesAtExit=$COST_JSA.tmp -Xlog:cds=error"
    # its own group on the run's dead-letter topic: it joins and gets a partition, never an event to bill
    extra=("METERLINE_COST_CONSUMER_GROUP=cost-worker-cds$TOPIC_SUFFIX" "METERLINE_TOPICS_USAGE_EVENTS=$METERLINE_TOPICS_USAGE_EVENTS_DLQ")
  elif [ -n "${COST_JSA:-}" ] && [ "${MODULE[$name]}" = cost-worker ]; then
    cds_recorded
    if [ -s "$COST_JSA" ]; then cds="-XX:SharedArchiveFile=$COST_JSA"; else cds=""; fi
  else
    cds=$(ml_cds_opts "${MODULE[$name]}")
  fi
  # shellcheck disable=SC2086 # lists of JVM options
  # (a JDBC connection may take more than the default 5 s on a busy shared machine: Flyway at start must not give up)
  env METERLINE_DB_PORT=$PG_PROXY_PORT METERLINE_DB_NAME=$DB METERLINE_REDIS_PORT=$REDIS_PROXY_PORT \
    QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=30S ${PG_POOL:+QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE=$PG_POOL} \
    METERLINE_REDIS_DATABASE="$REDIS_DB" METERLINE_KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP" \
    ${CHAOS_GROUP_PROTOCOL:+METERLINE_COST_GROUP_PROTOCOL=$CHAOS_GROUP_PROTOCOL} \
    ${CHAOS_INSTANCE_ID:+METERLINE_COST_INSTANCE_ID=$CHAOS_INSTANCE_ID} \
    "${extra[@]}" java $JAVA_OPTS $cds -Dquarkus.http.port="${PORT[$name]}" \
    -jar "$ML_ROOT/${MODULE[$name]}/target/quarkus-app/quarkus-run.jar" >>"$OUT/$name.log" 2>&1 &
  SVC_PID[$name]=$!
}

# cds_recorded: once the recording cost worker (stopped at the end of the set-up) has exited, its archive in place
cds_recorded() {
  [ -n "$CDS_PID" ] || return 0
  local pid=$CDS_PID
  CDS_PID=""
  local i
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -s "$COST_JSA.tmp" ]; then mv "$COST_JSA.tmp" "$COST_JSA"; else
    rm -f "$COST_JSA.tmp"
    ml_log "no class-data-sharing archive written (see $OUT/cds.log)"
  fi
}

svc_kill9() {
  local pid=${SVC_PID[$1]:-}
  SVC_PID[$1]=""
  [ -n "$pid" ] || return 0
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true # (its status, 137, is not a failure of this script)
}

svc_stop() {
  local pid=${SVC_PID[$1]:-} i
  SVC_PID[$1]=""
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# svc_stop_all: SIGTERM to every service at once, then at most 20 s for all of them before kill -9
svc_stop_all() {
  local name pid pids=() i
  for name in "${!SVC_PID[@]}"; do
    pid=${SVC_PID[$name]}
    SVC_PID[$name]=""
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && pids+=("$pid")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  for i in $(seq 1 40); do kill -0 "${pids[@]}" 2>/dev/null || break; sleep 0.5; done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}

svc_ready() { # NAME [TIMEOUT_S]
  local name=$1 deadline=$((SECONDS + ${2:-120}))
  until curl -fs "http://127.0.0.1:${PORT[$name]}/q/health/ready" >/dev/null; do
    if ! kill -0 "${SVC_PID[$name]}" 2>/dev/null; then tail -n 30 "$OUT/$name.log" >&2; ml_die "$name exited"; fi
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$OUT/$name.log" >&2; ml_die "$name not ready"; }
    sleep 0.5
  done
}

cleanup() {
  trap '' INT TERM # finish cleaning up whatever arrives meanwhile
  trap - EXIT
  ml_log "stopping what this run started"
  if [ -n "$LOADGEN_PID" ]; then kill "$LOADGEN_PID" 2>/dev/null || true; fi
  ops_stop
  if [ -n "$CDS_PID" ]; then kill "$CDS_PID" 2>/dev/null || true; fi
  svc_stop_all
  cds_recorded
  if [ -n "$PROXY_PID" ]; then kill "$PROXY_PID" 2>/dev/null || true; wait "$PROXY_PID" 2>/dev/null || true; fi
  if $SHARED_KAFKA; then
    if $TOPICS_CREATED; then topics delete || ml_log "could not delete the topics *$TOPIC_SUFFIX (see $OUT/topics.log)"; fi
    ml_services_down_started
  else
    kafka_down
  fi
  ml_log "chaos run took $SECONDS s (set-up ${SETUP_SECONDS:-?} s)"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ per scenario
# scenario_begin NAME DURATION_S [DUPLICATE_SHARE]: fresh customers, then the load in the background
scenario_begin() {
  SCENARIO=$1
  SDIR="$OUT/$SCENARIO"
  mkdir -p "$SDIR"
  PREFIX="chaos-$RUN_ID-$SCENARIO-"
  : >"$SDIR/customers.txt"
  local i id
  for i in $(seq -f '%02g' 1 "$CUSTOMERS"); do
    id="$PREFIX$i"
    ml_ensure_customer "$id" "Chaos $SCENARIO $i"
    ml_top_up "$id" "$TOP_UP" "chaos-credit"
    printf '%s %s\n' "$id" "$(ml_create_api_key "$id" chaos)" >>"$SDIR/customers.txt"
  done
  RECOVERIES=()
  NOTE=""
  ml_log "$SCENARIO: $RATE events/s for ${2}s"
  local launched
  launched=$(now_ms)
  # shellcheck disable=SC2086 # FAST_START is a list of JVM options
  java -Xmx384m $FAST_START -jar "$ML_ROOT/loadgen/target/meterline-loadgen.jar" --url "$ML_API_URL" \
    --customers-file "$SDIR/customers.txt" --rate "$RATE" --batch-size "$BATCH" --duration "$2" \
    --duplicates "${3:-0.01}" --models "$MODELS" --retry-for 150 --timeout 30 --quiet \
    --prime-rounds "$PRIME_ROUNDS" --outcomes "$SDIR/outcomes.tsv" >"$SDIR/loadgen.txt" 2>"$SDIR/loadgen.err" &
  LOADGEN_PID=$!
  ops_begin "$2"
  SCENARIO_START=$(load_started)
  LOAD_DELAY=$(awk -v a="$SCENARIO_START" -v s="$launched" 'BEGIN { printf "%.1f", (a - s) / 1000 }')
}

# load_started: the epoch ms of the load generator's first measured batch (its START line), once it is out. The
# faults are timed from it: the JVM start and the connection priming before it took 22-30 s on a busy machine,
# so faults timed from the process start could fire before any load.
load_started() {
  local deadline=$((SECONDS + 120)) line
  until line=$(grep -m 1 '^START ' "$SDIR/loadgen.txt" 2>/dev/null); do
    if ! kill -0 "$LOADGEN_PID" 2>/dev/null; then cat "$SDIR/loadgen.err" >&2; ml_die "the load generator exited before its load"; fi
    [ $SECONDS -lt $deadline ] || ml_die "the load generator did not start its load within 120 s"
    sleep 0.1
  done
  echo "${line#START epoch_ms=}"
}

# at SECONDS: waits until that many seconds after the load started
at() {
  local due=$((SCENARIO_START + $1 * 1000)) now
  now=$(now_ms)
  [ "$now" -ge "$due" ] || sleep "$(awk -v d=$((due - now)) 'BEGIN { printf "%.3f", d / 1000 }')"
}

# recovered_since EPOCH_MS [TIMEOUT_S] [COLUMN]: seconds until every customer of the scenario has a row processed
# after it (COLUMN processed_at: billing resumed), or a row received after it processed (COLUMN received_at: ingest
# resumed; with processed_at, events already in Kafka before an API restart count, billed within a second of it)
recovered_since() {
  local since=$1 deadline=$((SECONDS + ${2:-120})) column=${3:-processed_at} answer
  while [ $SECONDS -lt $deadline ]; do
    answer=$(ml_psql "$DB" "SELECT count(*) = $CUSTOMERS, coalesce(round(extract(epoch FROM max(first))::numeric * 1000), 0)
      FROM (SELECT customer_id, min(processed_at) AS first FROM usage_events
            WHERE customer_id LIKE '$PREFIX%' AND $column >= to_timestamp($since / 1000.0) GROUP BY 1) x")
    if [ "${answer%%|*}" = t ]; then
      awk -v a="${answer#*|}" -v s="$since" 'BEGIN { printf "%.1f", (a - s) / 1000 }'
      return 0
    fi
    sleep 0.5
  done
  echo timeout
}

# outcomes_psql: psql on the chaos database, SQL on stdin, unaligned tuples out
outcomes_psql() {
  PGPASSWORD="${METERLINE_DB_PASSWORD:-meterline}" psql -X -q -v ON_ERROR_STOP=1 -tA -h 127.0.0.1 \
    -p "${METERLINE_DB_PORT:-5432}" -U "${METERLINE_DB_USER:-meterline}" -d "$DB"
}

# outcomes_table: the psql lines loading the scenario's outcome logs (events and settling events) into table o
outcomes_table() {
  printf '%s\n' "CREATE TEMP TABLE o (code char(1), customer_id text, event_id uuid);" \
    "\\copy o FROM '$SDIR/outcomes.tsv'" "\\copy o FROM '$SDIR/ops-events.tsv'"
}

# drain_counts: 'stored|acknowledged events not stored yet' (the outcome logs against Postgres), for the drain
drain_counts() {
  outcomes_psql <<SQL
$(outcomes_table)
SELECT (SELECT count(*) FROM usage_events WHERE customer_id LIKE '$PREFIX%'),
       (SELECT count(*) FROM (SELECT DISTINCT customer_id, event_id FROM o WHERE code = 'A') a
        WHERE NOT EXISTS (SELECT 1 FROM usage_events u WHERE u.customer_id = a.customer_id AND u.event_id = a.event_id));
SQL
}

scenario_end() {
  local status=0
  wait "$LOADGEN_PID" || status=$?
  LOADGEN_PID=""
  [ $status -le 1 ] || { cat "$SDIR/loadgen.err" >&2; ml_die "the load generator failed ($status)"; }
  # the credit operations decided and their webhook deliveries final first (their settling events count below)
  ops_end
  # drain: until every acknowledged event is stored and the stored count has not moved for 2 s (at most 180 s);
  # what is still missing then is reported as lost
  local last=-1 count missing stable=0 deadline=$((SECONDS + 180))
  while [ $SECONDS -lt $deadline ]; do
    IFS='|' read -r count missing < <(drain_counts) || true
    if [ "$count" = "$last" ]; then stable=$((stable + 1)); else stable=0; last=$count; fi
    if [ "$missing" = 0 ] && [ $stable -ge 2 ]; then break; fi
    sleep 1
  done
  report_row
  ops_report
  jobs_report
}

result() { grep '^RESULT ' "$SDIR/loadgen.txt" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
delivery() { grep '^DELIVERY ' "$SDIR/loadgen.txt" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

report_row() {
  local counts audit recovery
  counts=$(psql_counts)
  IFS='|' read -r acked unknown stored priced lost twice phantom balance_off <<<"$counts"
  # the audit's whole answer is kept beside the row; the names of the checks that fail go into the notes
  curl -sS -H "Authorization: Bearer $METERLINE_ADMIN_TOKEN" "$ML_API_URL/v1/admin/audit" >"$SDIR/audit.json" || true
  audit=$(jq -r '.violations // "?"' "$SDIR/audit.json" 2>/dev/null || true)
  audit=${audit:-?}
  local failing
  failing=$(jq -r '[.checks[] | select(.violations > 0) | "\(.name) \(.violations)"] | join(", ")' \
    "$SDIR/audit.json" 2>/dev/null || true)
  if [ ${#RECOVERIES[@]} -eq 0 ]; then recovery="-"; else
    recovery=$(printf '%s\n' "${RECOVERIES[@]}" | awk '$1 == "timeout" { t = 1 } $1 != "timeout" && $1 > m { m = $1 }
      END { if (t) print "timeout"; else printf "%.1f", m }')
    if [ ${#RECOVERIES[@]} -gt 1 ]; then recovery="$recovery (${RECOVERIES[*]})"; fi
  fi
  local note="load started ${LOAD_DELAY} s after its process, attempts $(delivery attempts), retries $(delivery retries), unknown $unknown, resent $(result resent), dup $(result duplicates), batch p99 $(result p99_ms) ms${NOTE:+, $NOTE}"
  [ "$phantom" = 0 ] || note="$note, $phantom rows never sent"
  [ -z "$failing" ] || note="$note, audit: $failing (audit.json)"
  local ok=PASS
  if [ "$lost" != 0 ] || [ "$twice" != 0 ] || [ "$balance_off" != 0 ] || [ "$phantom" != 0 ] || [ "$audit" != 0 ]; then
    ok=FAIL
    FAILED=true
  fi
  printf '%-17s %8s %9s %8s %8s %5s %7s %8s %-22s %6s  %s\n' "$SCENARIO" "$(result sent)" "$(result accepted)" \
    "$stored" "$priced" "$lost" "$twice" "$balance_off" "$recovery" "$audit" "$ok"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$SCENARIO" "$(result sent)" \
    "$(result accepted)" "$stored" "$priced" "$lost" "$twice" "$balance_off" "$recovery" "$audit" "$ok" "$note" \
    >>"$OUT/table.md"
  echo "  $note" >&2
}

# psql_counts: acked|unknown|stored|priced|lost|billed twice|phantom|balance off, from the outcome log and Postgres
psql_counts() {
  outcomes_psql <<SQL
$(outcomes_table)
CREATE TEMP TABLE u AS SELECT customer_id, dedup_key, event_id, status FROM usage_events WHERE customer_id LIKE '$PREFIX%';
WITH acked AS (SELECT DISTINCT customer_id, event_id FROM o WHERE code = 'A'),
     sent AS (SELECT DISTINCT customer_id, event_id FROM o),
     credits AS (SELECT customer_id, sum(c) AS c FROM (
                   SELECT customer_id, credits AS c FROM usage_events WHERE customer_id LIKE '$PREFIX%' AND status = 'PRICED'
                   UNION ALL SELECT customer_id, amount FROM charges WHERE customer_id LIKE '$PREFIX%'
                   UNION ALL SELECT customer_id, -amount FROM refunds WHERE customer_id LIKE '$PREFIX%'
                   -- every grant posted (admin, plan, auto top-up; not the implicit 'type:key' grants of the
                   -- scenario's top-up and of refund rests), and what expired
                   UNION ALL SELECT customer_id, -amount FROM credit_grants WHERE customer_id LIKE '$PREFIX%'
                   AND state <> 'PENDING' AND (source = 'PLAN' OR grant_id NOT LIKE '%:%')
                   UNION ALL SELECT customer_id, -amount FROM wallet_transactions
                   WHERE customer_id LIKE '$PREFIX%' AND type = 'EXPIRE') m GROUP BY 1)
SELECT (SELECT count(*) FROM acked),
       (SELECT count(*) FROM sent s WHERE NOT EXISTS (SELECT 1 FROM acked a WHERE a.customer_id = s.customer_id
                                                      AND a.event_id = s.event_id)),
       (SELECT count(*) FROM u),
       (SELECT count(*) FROM u WHERE status = 'PRICED'),
       (SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.customer_id = a.customer_id
                                                       AND u.event_id = a.event_id)),
       (SELECT count(*) - count(DISTINCT (customer_id, event_id)) FROM u),
       (SELECT count(*) FROM u WHERE NOT EXISTS (SELECT 1 FROM sent s WHERE s.customer_id = u.customer_id
                                                 AND s.event_id = u.event_id)),
       (SELECT count(*) FROM wallets w LEFT JOIN credits c USING (customer_id)
        WHERE w.customer_id LIKE '$PREFIX%' AND $TOP_UP - w.balance <> coalesce(c.c, 0));
SQL
}

# ------------------------------------------------------------------ scenarios
scenario_worker_kill_loop() {
  cds_recorded # (the restarts' archive in place before the load, so that its writing is not timed as recovery)
  scenario_begin worker-kill-loop "$WKL_LOAD"
  at "$WKL_FIRST"
  local kills=0 restart
  while [ $(($(now_ms) - SCENARIO_START)) -lt $((WKL_UNTIL * 1000)) ]; do
    svc_kill9 cost1
    kills=$((kills + 1))
    sleep 1
    restart=$(now_ms)
    svc_start cost1
    RECOVERIES+=("$(recovered_since "$restart" 60)")
    sleep 2
  done
  svc_ready cost1
  NOTE="$kills kills, recovery = restart to every customer billed; the last restart $(grep -o 'started in [0-9.]*s' \
    "$OUT/cost1.log" | tail -n 1)"
  scenario_end
}

scenario_two_workers() {
  svc_start cost2
  svc_ready cost2
  scenario_begin two-workers 45
  at 10
  local killed
  killed=$(now_ms)
  svc_kill9 cost2
  RECOVERIES+=("$(recovered_since "$killed" 90)")
  NOTE="second worker killed at 10 s, not restarted; recovery = kill to every customer billed"
  scenario_end
}

scenario_ingest_kill() {
  scenario_begin ingest-kill "$IK_LOAD"
  local n restart
  for n in $IK_KILLS; do
    at "$n"
    svc_kill9 ingest
    sleep 2
    restart=$(now_ms)
    svc_start ingest
    svc_ready ingest
    RECOVERIES+=("$(recovered_since "$restart" 90 received_at)")
  done
  NOTE="kills at ${IK_KILLS// /, } s, restart 2 s later; recovery = restart to every customer's first event received after it billed; the last restart $(grep -o 'started in [0-9.]*s' "$OUT/ingest.log" | tail -n 1)"
  scenario_end
}

scenario_kafka_restart() {
  scenario_begin kafka-restart 50
  at 10
  kafka_kill9
  sleep 10
  local restart
  restart=$(now_ms)
  kafka_up
  RECOVERIES+=("$(recovered_since "$restart" 120)")
  NOTE="broker killed at 10 s, started 10 s later; recovery = restart command to every customer billed"
  scenario_end
}

scenario_redis_down() {
  scenario_begin redis-down "$RD_LOAD" 0.05
  at "$RD_CUT"
  proxy cut redis >/dev/null
  at "$RD_RESUME"
  proxy resume redis >/dev/null
  local resumed ready
  resumed=$(now_ms)
  svc_ready ingest 60
  ready=$(awk -v a="$(now_ms)" -v s="$resumed" 'BEGIN { printf "%.1f", (a - s) / 1000 }')
  NOTE="Redis cut $RD_CUT-$RD_RESUME s, 5 % re-sent copies; readiness UP ${ready} s after Redis returned"
  scenario_end
}

scenario_postgres_down() {
  scenario_begin postgres-down 60
  at 10
  proxy cut pg >/dev/null
  at 40
  proxy resume pg >/dev/null
  RECOVERIES+=("$(recovered_since "$(now_ms)" 120)")
  NOTE="Postgres cut 10-40 s; recovery = reconnect to every customer billed"
  scenario_end
}

scenario_slow_postgres() {
  scenario_begin slow-postgres 40
  at 10
  proxy delay pg 20 >/dev/null
  at 30
  proxy delay pg 0 >/dev/null
  NOTE="every chunk to and from Postgres held 20 ms, 10-30 s"
  scenario_end
}

# The bad-input corpus: every case must get its documented 4xx in the one error shape, and nothing may move.
scenario_inputs() {
  local log="$OUT/inputs.txt" result=PASS
  java -Xmx256m -cp "$TESTING_JAR" io.meterline.testing.hostile.HostileMain "$INGEST_PORT" "$METERLINE_ADMIN_TOKEN" \
    >"$log" 2>&1 || { result=FAIL; FAILED=true; }
  printf '%-17s %s\n' inputs "$(head -n 1 "$log" | sed 's/^bad-input corpus: //') $result"
  grep -E '^  (FAIL|CHANGED)' "$log" | head -n 20 || true
  echo "| inputs | $(head -n 1 "$log" | sed 's/^bad-input corpus: //') | | | | | | | | $result | failures in inputs.txt |" >>"$OUT/table.md"
}

# ------------------------------------------------------------------ set up
ml_require_tools
export METERLINE_ADMIN_TOKEN
METERLINE_ADMIN_TOKEN=$(ml_random_token)
METERLINE_EXTRA_DATABASES=$DB "$ML_ROOT/scripts/services.sh" up postgres redis >/dev/null
if $SHARED_KAFKA && { [ ! -f "$ML_KAFKA_LIBS/.complete" ] \
  || ! grep -q '^kafka *up' <<<"$("$ML_ROOT/scripts/services.sh" status)"; }; then
  ml_services_up >/dev/null # the broker and its jars (the topic tool's client); stopped on exit if it was down
fi
TESTING_JAR=$(ls "$ML_ROOT"/testing/target/meterline-testing-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -n 1 || true)
if $REDUCED; then # the jars the build just made, as they are
  for jar in {ingestion-api,cost-worker,aggregation-worker}/target/quarkus-app/quarkus-run.jar \
    loadgen/target/meterline-loadgen.jar "$TESTING_JAR"; do
    [ -f "$jar" ] || ml_die "no $jar: build first (./mvnw package -DskipTests)"
  done
else
  ml_build_if_needed
fi
if ! $REDUCED && { [ -z "$TESTING_JAR" ] || [ -n "$(find "$ML_ROOT/testing/src/main" -newer "$TESTING_JAR" -print -quit)" ]; }; then
  ml_log "building the proxy (testing module)"
  ./mvnw -B -q -ntp package -DskipTests -pl testing -am
  TESTING_JAR=$(ls "$ML_ROOT"/testing/target/meterline-testing-*.jar | grep -v -- '-tests\.jar$' | head -n 1)
fi
# Every run starts from empty tables and a fresh broker, so the whole-database audit is this run's: every table of
# the schema is emptied except the migration history, the rates and the billing settings (a table added by a later
# migration is emptied too, without being named here).
ml_psql "$DB" "SET client_min_messages TO warning; DO \$\$ DECLARE t text; BEGIN
  SELECT string_agg(format('%I', tablename), ', ') INTO t FROM pg_tables WHERE schemaname = current_schema()
    AND tablename NOT IN ('flyway_schema_history', 'provider_rates', 'billing_settings');
  IF t IS NOT NULL THEN EXECUTE 'TRUNCATE ' || t || ' CASCADE'; END IF; END \$\$"
ops_env
if $SHARED_KAFKA; then # the topics are created while the receiver and the proxy start
  ml_log "the machine's Kafka broker ($KAFKA_BOOTSTRAP), topics *$TOPIC_SUFFIX"
  TOPICS_CREATED=true
  topics create &
  topics_pid=$!
fi
ops_receiver_start
if $SHARED_KAFKA; then
  proxy_start
  wait "$topics_pid" || { cat "$OUT/topics.log" >&2; ml_die "could not create the run's topics"; }
else
  kafka_down
  rm -rf "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  ml_log "private Kafka broker on 127.0.0.1:$KAFKA_PORT"
  kafka_up || { tail -n 20 "$OUT/kafka-control.log" >&2; ml_die "the private broker did not start"; }
  proxy_start
fi
RECORD_CDS=false
if [ -n "${COST_JSA:-}" ] && ! { [ -s "$COST_JSA" ] && [ "$COST_JSA" -nt cost-worker/target/quarkus-app/quarkus-run.jar ]; }; then
  RECORD_CDS=true
  mkdir -p "$(dirname "$COST_JSA")"
  rm -f "$COST_JSA" "$COST_JSA.tmp"
fi
for name in ingest cost1 agg; do svc_start "$name"; done
if $RECORD_CDS; then svc_start cds; fi
for name in ingest cost1 agg; do svc_ready "$name" "${CHAOS_READY_TIMEOUT:-120}"; done
if $RECORD_CDS; then # stopped now, not waited for: written at its exit, taken by the first restart (cds_recorded)
  svc_ready cds "${CHAOS_READY_TIMEOUT:-120}"
  CDS_PID=${SVC_PID[cds]}
  SVC_PID[cds]=""
  kill "$CDS_PID"
fi
if [ "${METERLINE_CDS:-on}" != off ] && [ ! -s "$ML_ROOT/.local/cds/cost-worker.jsa" ]; then # (ml_cds_opts)
  ml_log "writing the cost worker's class-data-sharing archive (one stop and start)"
  kill "${SVC_PID[cost1]}" && wait "${SVC_PID[cost1]}" || true # no time limit: the archive is written at the exit
  svc_start cost1 && svc_ready cost1 "${CHAOS_READY_TIMEOUT:-120}"
fi
ml_ensure_rates "$ML_ROOT/scripts/lib/rates.json"
MODELS=$(jq -r '[.[] | "\(.provider):\(.model)"] | unique | join(",")' "$ML_ROOT/scripts/lib/rates.json")

SETUP_SECONDS=$SECONDS
MACHINE="$(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB"
{
  echo "Chaos run $RUN_ID ($MACHINE), $RATE events/s in batches of $BATCH, $CUSTOMERS customers per scenario, group protocol ${CHAOS_GROUP_PROTOCOL:-classic}, instance id ${CHAOS_INSTANCE_ID:-default}"
  echo
  echo "| scenario | sent | accepted | stored | priced | lost | billed twice | balance off | recovery s | audit | result | notes |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$OUT/table.md"
printf '%-17s %8s %9s %8s %8s %5s %7s %8s %-22s %6s  %s\n' scenario sent accepted stored priced lost "2x" "bal.off" \
  "recovery s" audit result
for s in "${SCENARIOS[@]}"; do "scenario_${s//-/_}"; done
ops_table
jobs_table
ml_log "table: $OUT/table.md"
! $FAILED
