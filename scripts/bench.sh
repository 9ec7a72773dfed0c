#!/usr/bin/env bash
# Meterline benchmark, everything co-located on this machine. Method and results: docs/benchmarks.md.
#
# After a warm-up, measures and prints:
#   1. ingest alone (the cost and aggregation workers paused, Postgres idle): events/s accepted in 1000-event
#      batches as fast as possible, batch latency p50/p95/p99 and the CPU time per event of every process; then
#      the batch latency at a fixed offered rate (20,000 events/s by default, measured from each batch's intended
#      send time, so no coordinated omission); then the physical reference under the same conditions: Kafka's
#      ProducerPerformance sending as many records of the same average size to the same broker (acks=all), and
#      the ratio of the ingest rate to it;
#   2. the cost worker alone: events/s priced and burned once resumed on the backlog step 1 left in Kafka;
#   3. the whole pipeline as fast as possible: events/s from the first send until every accepted event is priced
#      and burned (read from Postgres);
#   4. the whole pipeline at the fixed rate: batch latency and event-to-burn latency p50/p99
#      (processed_at - received_at);
#   5. CPU time per event of every process during step 3 (services, with their JIT and GC threads apart, Kafka,
#      Postgres, Redis, the load generator, the rest of the machine);
#   6. the peak RSS (VmHWM) of each service;
#   7. the rollup's cost per run at that volume (a run after 10,000 new events, a run with nothing new, and what
#      the previous watermark rollup would have read) and webhook deliveries per second to a local receiver
#      (scripts/bench-rollup.sh, which can also run alone).
#   8. the reservation path: holds offered at a fixed rate (open loop, 2,000/s for 20 s by default, after 30 s of
#      warm-up at the same rate) over 50 of the customers in HARD mode, twice: holds only, then with half of the
#      customers releasing or settling (by a charge) each hold; achieved rate and hold latency p50/p95/p99/max
#      from the intended send time, and the CPU of each process per hold. Run alone: ./scripts/bench.sh --only-reservations
#      against an API already running at BENCH_API_URL (with BENCH_ADMIN_TOKEN) on the database BENCH_API_DB
#      (meterline, run.sh's), e.g. one started by ./scripts/run.sh. The tables it uses are vacuumed and analyzed first.
# It starts what it needs (services.sh up, the three service jars on their own ports with a bench database and
# bench topics, a generated admin token) and stops what it started. It ends with one 'BENCH key=value ...' line.
#
# Options (or the BENCH_* environment variables in brackets):
#   --events N          events in each as-fast-as-possible run (1 and 3) [BENCH_EVENTS, 1000000]
#   --customers N       bench customers, each with its own API key [BENCH_CUSTOMERS, 100]
#   --concurrency N     requests in flight in the as-fast-as-possible run [BENCH_CONCURRENCY, 8]
#   --fixed-rate EPS    offered events/s of the fixed-rate runs [BENCH_FIXED_RATE, 20000]
#   --fixed-seconds S   length of each fixed-rate run (1 and 4) [BENCH_FIXED_SECONDS, 20]
#   --warmup N          events sent first to warm the JVMs, not measured [BENCH_WARMUP_EVENTS, 1000000]
#   --duplicates SHARE  share of re-sent events [BENCH_DUPLICATES, 0.01]
#   --reservation-rate N     offered holds/s of step 8 [BENCH_RESERVATION_RATE, 2000]
#   --reservation-seconds S  length of step 8 [BENCH_RESERVATION_SECONDS, 20]
#   --only-reservations      step 8 only, against BENCH_API_URL (see step 8)
# Also: BENCH_DB (meterline_bench) and BENCH_REDIS_DATABASE (2), both emptied at the start; BENCH_TOPIC_PREFIX
# (bench-), BENCH_INGEST_PORT / BENCH_COST_PORT / BENCH_AGGREGATION_PORT (8090 / 8091 / 8092), BENCH_DRAIN_TIMEOUT
# (600 s), BENCH_PERF_PROPS (extra producer properties for ProducerPerformance, space-separated),
# METERLINE_JAVA_OPTS (service JVM options).
set -euo pipefail
ML_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ML_TAG=bench

EVENTS="${BENCH_EVENTS:-1000000}"
CUSTOMERS="${BENCH_CUSTOMERS:-100}"
CONCURRENCY="${BENCH_CONCURRENCY:-8}"
FIXED_RATE="${BENCH_FIXED_RATE:-20000}"
FIXED_SECONDS="${BENCH_FIXED_SECONDS:-20}"
WARMUP="${BENCH_WARMUP_EVENTS:-1000000}"
DUPLICATES="${BENCH_DUPLICATES:-0.01}"
RESERVATION_RATE="${BENCH_RESERVATION_RATE:-2000}"
RESERVATION_SECONDS="${BENCH_RESERVATION_SECONDS:-20}"
# Seconds at the same rate and mix before each measured reservations run. 30, not 5: in the full run the API's JVM
# meets its first hold here, and its JIT compiles the hold path for 25-30 s at this rate (its compiler threads,
# sampled every 5 s against a fresh API: 10.4 s of CPU in the first 30 s of holds, docs/benchmarks.md session 12);
# step 8 measures the path once compiled, and reports the JIT's CPU (warm-up included) beside it.
RESERVATION_WARMUP=30
# The reservations load generator's JVM: C1 only. With C2, its compiler threads took 65 % of the generator's CPU
# during a 30 s run (perf, 2026-12-03: 8.4 of 12.8 CPU seconds), on the two cores the measured API shares.
RESERVATION_LOADGEN_JAVA_OPTS="-Xmx1g -XX:TieredStopAtLevel=1"
ONLY_RESERVATIONS=false
while [ $# -gt 0 ]; do
  case "$1" in
    --reservation-rate) RESERVATION_RATE=$2; shift 2 ;;
    --reservation-seconds) RESERVATION_SECONDS=$2; shift 2 ;;
    --only-reservations) ONLY_RESERVATIONS=true; shift ;;
    --events) EVENTS=$2; shift 2 ;;
    --customers) CUSTOMERS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --fixed-rate) FIXED_RATE=$2; shift 2 ;;
    --fixed-seconds) FIXED_SECONDS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --duplicates) DUPLICATES=$2; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

DB="${BENCH_DB:-meterline_bench}"
TOPIC_PREFIX="${BENCH_TOPIC_PREFIX:-bench-}"
INGEST_PORT="${BENCH_INGEST_PORT:-8090}"
COST_PORT="${BENCH_COST_PORT:-8091}"
AGG_PORT="${BENCH_AGGREGATION_PORT:-8092}"
DRAIN_TIMEOUT="${BENCH_DRAIN_TIMEOUT:-600}"
KAFKA_BOOTSTRAP="${METERLINE_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
ML_API_URL="http://127.0.0.1:$INGEST_PORT"
# shellcheck source=scripts/lib/common.sh
source "$ML_ROOT/scripts/lib/common.sh"
cd "$ML_ROOT"

RUN_TAG="b$(date -u +%Y%m%d%H%M%S)"
CUSTOMER_PREFIX="bench-$RUN_TAG-"
OUT="$ML_ROOT/.local/bench/$RUN_TAG"
mkdir -p "$OUT"
TOPICS=(usage-events usage-events-dlq usage-priced wallet-alerts wallet-movements)
PERF_TOPIC="${TOPIC_PREFIX}producer-perf"

# The services read these (see common/src/main/resources/META-INF/microprofile-config.properties).
export METERLINE_ADMIN_TOKEN="${METERLINE_ADMIN_TOKEN:-$(ml_random_token)}"
export METERLINE_DB_NAME="$DB"
export METERLINE_REDIS_DATABASE="${BENCH_REDIS_DATABASE:-2}"
export METERLINE_KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP"
export METERLINE_TOPICS_USAGE_EVENTS="${TOPIC_PREFIX}usage-events"
export METERLINE_TOPICS_USAGE_EVENTS_DLQ="${TOPIC_PREFIX}usage-events-dlq"
export METERLINE_TOPICS_USAGE_PRICED="${TOPIC_PREFIX}usage-priced"
export METERLINE_TOPICS_WALLET_ALERTS="${TOPIC_PREFIX}wallet-alerts"
export METERLINE_TOPICS_WALLET_MOVEMENTS="${TOPIC_PREFIX}wallet-movements"
export METERLINE_WEBHOOKS_ALLOW_PRIVATE=true # step 7 posts to a receiver on this machine

topic() { # create|delete NAME [PARTITIONS]
  if [ "$1" = create ]; then
    ml_kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
      --topic "$2" --partitions "$3" --replication-factor 1 >/dev/null
  else
    ml_kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --delete --if-exists \
      --topic "$2" >/dev/null 2>&1 || true
  fi
}

WORKERS_PAUSED=false
cleanup() {
  trap - INT TERM EXIT
  if $WORKERS_PAUSED; then kill -CONT "$COST_PID" "$AGG_PID" 2>/dev/null || true; fi
  ml_stop_services
  local t
  if [ -d "$ML_KAFKA_LIBS" ]; then
    for t in "${TOPICS[@]}"; do topic delete "$TOPIC_PREFIX$t"; done
    topic delete "$PERF_TOPIC"
  fi
  ml_services_down_started
  ml_log "logs and raw output in ${OUT#"$ML_ROOT"/}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # through the EXIT trap: stop what we started, then end

# ------------------------------------------------------------------ helpers
# result KEY FILE: a value of the loadgen's RESULT line
result() { grep '^RESULT ' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# Rows of this run's bench customers received since SINCE_MS (epoch ms). processed_at has an index, and every
# such row was processed after it was received, so the processed_at bound only narrows the scan.
rows_since() {
  printf "FROM usage_events WHERE processed_at >= to_timestamp(%s / 1000.0) AND received_at >= to_timestamp(%s / 1000.0) AND customer_id LIKE '%s%%'" \
    "$1" "$1" "$CUSTOMER_PREFIX"
}

# Events the bench's cost worker has consumed so far: stored (priced or unpriced), found already stored
# (an event the edge let through twice, e.g. while Redis was skipped: Postgres stops the second bill) or
# dead-lettered. Read from its own metrics, so a drain never waits for rows that rightly do not exist.
consumed() {
  curl -fs "http://127.0.0.1:$COST_PORT/q/metrics" | awk '
    /^meterline_cost_events_(priced|unpriced|duplicate)_total / || /^meterline_cost_dlq_total / { n += $2 }
    END { printf "%d", n }'
}

# wait_burned SINCE_MS BASELINE EXPECTED: polls until the cost worker has consumed EXPECTED events since it had
# consumed BASELINE; sets BURNED (rows stored since SINCE_MS) and LAST_BURN_MS.
wait_burned() {
  local since=$1 baseline=$2 expected=$3 deadline=$((SECONDS + DRAIN_TIMEOUT)) row done_count
  while :; do
    done_count=$(($(consumed) - baseline))
    row=$(ml_psql "$DB" "SELECT count(*), coalesce((extract(epoch FROM max(processed_at)) * 1000)::bigint, 0) $(rows_since "$since")")
    BURNED=${row%%|*}
    LAST_BURN_MS=${row##*|}
    [ "$done_count" -ge "$expected" ] && return 0
    if [ $SECONDS -ge $deadline ]; then
      ml_log "only $done_count of $expected accepted events were consumed after ${DRAIN_TIMEOUT}s"
      return 1
    fi
    sleep 1
  done
}

# burn_latency SINCE_MS: prints "p50_ms p99_ms unpriced"
burn_latency() {
  ml_psql "$DB" "SELECT round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000)::numeric, 1),
                        round((percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - received_at)) * 1000)::numeric, 1),
                        count(*) FILTER (WHERE status = 'UNPRICED')
                 $(rows_since "$1")" | tr '|' ' '
}

# proc_ticks PID...: CPU ticks (user + system) the processes have used so far; a process gone counts 0
proc_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null) || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# thread_ticks PID REGEX: CPU ticks of the process's threads whose name matches
thread_ticks() {
  local total=0 task t
  for task in /proc/"$1"/task/*; do
    grep -Eq "$2" "$task/comm" 2>/dev/null || continue
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$task/stat" 2>/dev/null) || t=0
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# service_ticks NAME PID...: "NAME TICKS" of the service's processes, then "NAME:jit" and "NAME:gc", the JIT
# compiler and garbage collector threads of the first (already counted in NAME)
service_ticks() {
  echo "$1 $(proc_ticks "${@:2}")"
  echo "$1:jit $(thread_ticks "$2" '^C[12] CompilerThre')"
  echo "$1:gc $(thread_ticks "$2" '^(GC Thread|G1 |VM Thread)')"
}

# cpu_ticks: the service_ticks of each service, one "NAME TICKS" line per other process group, and the whole
# machine's busy ticks
cpu_ticks() {
  local m
  for m in "${ML_SERVICES[@]}"; do
    service_ticks "$m" "${ML_PID[$m]}"
  done
  # shellcheck disable=SC2046 # lists of pids
  {
    echo "kafka $(proc_ticks $(pgrep -f 'kafka\.Kafka'))"
    echo "postgres $(proc_ticks $(pgrep -x postgres))"
    echo "redis $(proc_ticks $(pgrep -x redis-server))"
  }
  awk '/^cpu / { print "machine", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# cpu_per_event BEFORE_FILE AFTER_FILE EVENTS: "name µs ..." of CPU per event; "other" = machine - the rest
cpu_per_event() {
  awk -v n="$3" -v hz="$(getconf CLK_TCK)" '
    FNR == NR { before[$1] = $2; next }
    { d[$1] = $2 - before[$1]; order[++k] = $1 }
    END {
      for (i = 1; i <= k; i++) if (order[i] != "machine") {
        if (order[i] !~ /:/) named += d[order[i]]
        printf "%s %.1f ", order[i], d[order[i]] * 1e6 / hz / n
      }
      printf "other %.1f total %.1f\n", (d["machine"] - named) * 1e6 / hz / n, d["machine"] * 1e6 / hz / n
    }' "$1" "$2"
}

# wait_db_quiet: waits (at most 300 s) until no query runs on the bench database, e.g. a rollup that the paused
# aggregation worker started: its backend goes on without the JVM
wait_db_quiet() {
  local deadline=$((SECONDS + 300))
  while [ "$(ml_psql "$DB" "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")" != 0 ]; do
    [ $SECONDS -ge $deadline ] && { ml_log "queries still running on $DB; measuring anyway"; return 0; }
    sleep 1
  done
}

# loadgen OUTPUT_FILE args...: runs the load generator, progress on the terminal, output kept. The measured runs
# use --pregenerate: every batch is built before the clock, so the generator's CPU during a run (on the cores
# it shares with the services) is spent sending, as ProducerPerformance's is.
loadgen() {
  local file=$1; shift
  "$ML_ROOT/scripts/loadgen" --url "$ML_API_URL" --customers-file "$OUT/customers.txt" \
    --duplicates "$DUPLICATES" "$@" | tee "$file" || ml_log "loadgen reported failed batches (see $file)"
  grep -q '^RESULT ' "$file" || ml_die "the load generator printed no RESULT line"
}

# reservations_step CUSTOMERS_FILE: step 8 over the first 50 customers of the file, set to HARD mode with
# credits enough for every hold (so the ledger's check runs on each and refuses none): holds only
# ($OUT/reservations-holds.txt, CPU in $OUT/reservations-holds.cpu), then half of the customers closing each hold
# ($OUT/reservations.txt, $OUT/reservations.cpu)
reservations_step() {
  local customers="$OUT/reservation-customers.txt" share name
  head -n 50 "$1" >"$customers"
  while read -r id _; do
    ml_admin_ok "200" PATCH "/v1/admin/customers/$id/wallet" '{"spend_mode": "HARD"}' >/dev/null
  done <"$customers"
  # This machine's Postgres runs with autovacuum off (/etc/postgresql/15/main/conf.d/90-ci.conf), so nothing
  # vacuums or analyzes the tables the reservation path reads and writes. Unanalyzed, the services' connections
  # keep the generic plans PL/pgSQL made while the tables were nearly empty (the wallet lock of every hold batch
  # then scans every wallet); unvacuumed, every closed hold stays in the open-hold indexes and every wallet update
  # leaves a dead row: on run.sh's database after a few runs (245,000 reservation rows, 86,600 of them dead),
  # Postgres took 4,051 µs of CPU per hold, and 347 µs after this VACUUM (docs/benchmarks.md, session 11). A
  # production database's autovacuum does both as the tables change; this does it once, before the measurement
  # (its own cost during a run is not counted here).
  ml_psql "$DB" "VACUUM (ANALYZE) customers, api_keys, wallets, credit_grants, reservations"
  # In the full run, steps 1-7 have just written millions of rows: a checkpoint they started may still be writing
  # their dirty buffers while step 8 runs, and each hold batch's commit waits for its WAL flush behind that I/O
  # (session 11: Postgres 887 µs of CPU per hold, the API 425, yet 1,060 holds/s with the cores not saturated).
  # Step 8 measures the reservation path, not the earlier steps' checkpoint: it starts from a completed one.
  ml_psql "$DB" "CHECKPOINT" || ml_log "no CHECKPOINT before step 8 (the role lacks pg_checkpoint: scripts/services.sh up grants it)"
  for share in 0 0.5; do
    name=reservations; [ "$share" = 0 ] && name=reservations-holds
    reservation_ticks >"$OUT/$name.cpu0"
    METERLINE_LOADGEN_JAVA_OPTS="${METERLINE_LOADGEN_JAVA_OPTS:-$RESERVATION_LOADGEN_JAVA_OPTS}" \
      "$ML_ROOT/scripts/loadgen" --reservations --url "$ML_API_URL" --customers-file "$customers" \
      --rate "$RESERVATION_RATE" --duration "$RESERVATION_SECONDS" --warmup "$RESERVATION_WARMUP" \
      --closing-share "$share" --quiet | tee "$OUT/$name.txt" \
      || ml_log "reservations: some holds got no answer (see $OUT/$name.txt)"
    reservation_ticks >"$OUT/$name.cpu1"
    grep -q '^RESULT ' "$OUT/$name.txt" || ml_die "the reservations run printed no RESULT line"
  done
}

# reservation_ticks: CPU ticks so far of the ingestion API (its service_ticks; found by its jar, as with
# --only-reservations it is not ours), Postgres, Kafka and the whole machine (the load generator, which starts and
# ends within a run, is in "other")
reservation_ticks() {
  # shellcheck disable=SC2046 # lists of pids
  {
    service_ticks ingestion-api $(pgrep -f 'ingestion-api/target/quarkus-app/quarkus-run.jar')
    echo "postgres $(proc_ticks $(pgrep -x postgres))"
    echo "kafka $(proc_ticks $(pgrep -f 'kafka\.Kafka'))"
  }
  awk '/^cpu / { print "machine", $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# reservations_cpu NAME: µs of CPU per hold of each process during run NAME of step 8 (its warm-up included)
reservations_cpu() {
  local holds
  holds=$(( $(result holds "$OUT/$1.txt") + $(awk -v r="$RESERVATION_RATE" -v w="$RESERVATION_WARMUP" 'BEGIN { print int(r * w) }') ))
  cpu_per_event "$OUT/$1.cpu0" "$OUT/$1.cpu1" "$holds" | sed 's/ other / other (load generator included) /'
}

if [ "$ONLY_RESERVATIONS" = true ]; then
  ML_API_URL="${BENCH_API_URL:-$ML_API_URL}"
  DB="${BENCH_API_DB:-meterline}"
  export METERLINE_ADMIN_TOKEN="${BENCH_ADMIN_TOKEN:-$METERLINE_ADMIN_TOKEN}"
  ml_log "8. reservations at $RESERVATION_RATE holds/s for ${RESERVATION_SECONDS}s against $ML_API_URL"
  : >"$OUT/customers.txt"
  chmod 600 "$OUT/customers.txt"
  for i in $(seq -f '%04g' 1 50); do
    id="${CUSTOMER_PREFIX}r$i"
    ml_ensure_customer "$id" "Bench reservations customer $i"
    ml_top_up "$id" 1000000000000 "bench-credit"
    printf '%s %s\n' "$id" "$(ml_create_api_key "$id" bench)" >>"$OUT/customers.txt"
  done
  reservations_step "$OUT/customers.txt"
  for name in reservations-holds reservations; do
    echo "8. $name at $RESERVATION_RATE/s  $(result achieved_rate "$OUT/$name.txt") holds/s achieved, hold latency p50 $(result p50_ms "$OUT/$name.txt") ms, p95 $(result p95_ms "$OUT/$name.txt") ms, p99 $(result p99_ms "$OUT/$name.txt") ms, max $(result max_ms "$OUT/$name.txt") ms; CPU $(reservations_cpu "$name")"
  done
  exit 0
fi

# ------------------------------------------------------------------ set up
ml_log "run $RUN_TAG: $EVENTS events, $CUSTOMERS customers, concurrency $CONCURRENCY, then $FIXED_RATE events/s for ${FIXED_SECONDS}s"
export METERLINE_EXTRA_DATABASES="$DB" # services.sh creates it
ml_services_up
ml_build_if_needed
# Every run starts from the same state, so runs compare: the bench database's tables and the bench Redis
# database are emptied (the rate catalogue is kept). A table that grows run after run makes each insert dearer.
if [ "$(ml_psql "$DB" "SELECT to_regclass('usage_events') IS NOT NULL")" = t ]; then
  # (tables a newer migration adds may not exist yet: the services migrate when they start, after this)
  ml_psql "$DB" "SET client_min_messages TO warning; DO \$\$ DECLARE t text; BEGIN
    FOREACH t IN ARRAY ARRAY['usage_events', 'usage_rollups', 'wallet_transactions', 'wallets', 'api_keys', 'customers',
      'aggregation_jobs', 'aggregation_failed_buckets', 'dead_letters', 'usage_priced_outbox', 'refunds', 'charges',
      'wallet_movement_outbox', 'rollup_dirty'] LOOP
      IF to_regclass(t) IS NOT NULL THEN EXECUTE 'TRUNCATE ' || t || ' CASCADE'; END IF;
    END LOOP; END \$\$"
fi
redis-cli -h "${METERLINE_REDIS_HOST:-127.0.0.1}" -p "${METERLINE_REDIS_PORT:-6379}" -n "$METERLINE_REDIS_DATABASE" FLUSHDB >/dev/null
for t in "${TOPICS[@]}"; do topic create "$TOPIC_PREFIX$t" 6; done
topic create "$PERF_TOPIC" 6

for m in "${ML_SERVICES[@]}"; do
  case "$m" in
    ingestion-api) port=$INGEST_PORT ;;
    cost-worker) port=$COST_PORT ;;
    *) port=$AGG_PORT ;;
  esac
  extra=""
  # step 1 pauses the cost worker: a session timeout of 5 minutes keeps its consumers in the group meanwhile
  [ "$m" = cost-worker ] && extra="-Dmp.messaging.incoming.usage-events-in.session.timeout.ms=300000"
  ml_start_service "$m" "$port" "$OUT/$m.log" "$extra"
done
COST_PID=${ML_PID[cost-worker]}
AGG_PID=${ML_PID[aggregation-worker]}
ml_wait_ready ingestion-api "$INGEST_PORT" "$OUT/ingestion-api.log"
ml_wait_ready cost-worker "$COST_PORT" "$OUT/cost-worker.log"
ml_wait_ready aggregation-worker "$AGG_PORT" "$OUT/aggregation-worker.log"

ml_ensure_rates "$ML_ROOT/scripts/lib/rates.json"
MODELS=$(jq -r '[.[] | "\(.provider):\(.model)"] | unique | join(",")' scripts/lib/rates.json)
ml_log "creating $CUSTOMERS customers with keys and credits"
: >"$OUT/customers.txt"
chmod 600 "$OUT/customers.txt"
for i in $(seq -f '%04g' 1 "$CUSTOMERS"); do
  id="$CUSTOMER_PREFIX$i"
  ml_ensure_customer "$id" "Bench customer $i"
  ml_top_up "$id" 1000000000000 "bench-credit"
  printf '%s %s\n' "$id" "$(ml_create_api_key "$id" bench)" >>"$OUT/customers.txt"
done

# ------------------------------------------------------------------ warm-up (JIT), drained before measuring
if [ "$WARMUP" -gt 0 ]; then
  ml_log "warm-up: $WARMUP events"
  WARM_BASE=$(consumed)
  # In step 1's conditions (workers paused), so that the ingest API's code is compiled for the rate it meets
  # there (warmed up beside the cost worker, its JIT threads still took 4-6 µs per event in step 1); then the
  # cost worker warms up on the backlog, as in step 2.
  kill -STOP "$COST_PID" "$AGG_PID"
  WORKERS_PAUSED=true
  loadgen "$OUT/warmup.txt" --events "$WARMUP" --concurrency "$CONCURRENCY" --models "$MODELS" --quiet >/dev/null
  kill -CONT "$COST_PID" "$AGG_PID"
  WORKERS_PAUSED=false
  wait_burned "$(result start_epoch_ms "$OUT/warmup.txt")" "$WARM_BASE" "$(result accepted "$OUT/warmup.txt")" || true
  # The warm-up's rows go, so that the measured steps insert into tables of the same size whatever the warm-up
  # (finding 10); its Redis keys stay, as a running service's would.
  ml_psql "$DB" "SET client_min_messages TO warning; TRUNCATE usage_events, usage_rollups, aggregation_jobs, aggregation_failed_buckets, dead_letters, usage_priced_outbox, rollup_dirty"
fi

# ------------------------------------------------------------------ 1: ingest alone (the workers paused)
# SIGSTOP freezes the cost and aggregation workers, so ingest has the machine to itself, as Kafka's own producer
# has right after it; the events wait in Kafka. The cost worker's consumers have a raised session timeout (see
# where it starts) so the pause costs no rebalance. Nothing may call a paused worker's HTTP port (consumed) until
# it is resumed.
BACKLOG_BASE=$(consumed)
kill -STOP "$COST_PID" "$AGG_PID"
WORKERS_PAUSED=true
wait_db_quiet
ml_log "1. ingest alone (workers paused): $EVENTS events as fast as possible"
cpu_ticks >"$OUT/cpu-alone-before.txt"
loadgen "$OUT/alone.txt" --events "$EVENTS" --concurrency "$CONCURRENCY" --models "$MODELS" --pregenerate
cpu_ticks >"$OUT/cpu-alone-after.txt"
ALONE_START=$(result start_epoch_ms "$OUT/alone.txt")
ALONE_ACCEPTED=$(result accepted "$OUT/alone.txt")
INGEST_EPS=$(result accepted_eps "$OUT/alone.txt")
[ "$ALONE_ACCEPTED" -gt 0 ] || ml_die "no event was accepted; see $OUT/alone.txt and $OUT/ingestion-api.log"
ALONE_CPU=$(cpu_per_event "$OUT/cpu-alone-before.txt" "$OUT/cpu-alone-after.txt" "$ALONE_ACCEPTED")
ml_log "1b. ingest alone at $FIXED_RATE events/s for ${FIXED_SECONDS}s"
loadgen "$OUT/alone-fixed.txt" --rate "$FIXED_RATE" --duration "$FIXED_SECONDS" --models "$MODELS" --pregenerate
BACKLOG=$((ALONE_ACCEPTED + $(result accepted "$OUT/alone-fixed.txt")))

# 1c: the broker's own limit, under the same conditions as step 1
AVG_EVENT=$(result avg_event_bytes "$OUT/alone.txt")
RECORD_SIZE=$((AVG_EVENT + 96)) # + "batch_id" and "received_at", which the ingest API adds to each record
ml_log "1c. Kafka ProducerPerformance: $ALONE_ACCEPTED records of $RECORD_SIZE bytes, acks=all"
# shellcheck disable=SC2086 # BENCH_PERF_PROPS is a list of key=value
ml_kafka_tool org.apache.kafka.tools.ProducerPerformance --topic "$PERF_TOPIC" --num-records "$ALONE_ACCEPTED" \
  --record-size "$RECORD_SIZE" --throughput -1 \
  --producer-props bootstrap.servers="$KAFKA_BOOTSTRAP" acks=all ${BENCH_PERF_PROPS:-} | tee "$OUT/producer-perf.txt"
KAFKA_EPS=$(grep 'records sent' "$OUT/producer-perf.txt" | tail -n 1 | awk '{ printf "%.0f", $4 }')
RATIO=n/a
if [ -n "$KAFKA_EPS" ]; then
  RATIO=$(awk -v a="$INGEST_EPS" -v k="$KAFKA_EPS" 'BEGIN { printf "%.0f", 100 * a / k }')
else
  KAFKA_EPS=n/a
fi

# ------------------------------------------------------------------ 2: the cost worker alone, on that backlog
ml_log "2. cost worker alone: resumed on a backlog of $BACKLOG events"
RESUME_MS=$(date +%s%3N)
kill -CONT "$COST_PID" "$AGG_PID"
WORKERS_PAUSED=false
WORKER_EPS=n/a
if wait_burned "$ALONE_START" "$BACKLOG_BASE" "$BACKLOG"; then
  WORKER_EPS=$(awk -v n="$BURNED" -v ms="$((LAST_BURN_MS - RESUME_MS))" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
fi

# ------------------------------------------------------------------ 3: the whole pipeline, as fast as possible
ml_log "3. whole pipeline: $EVENTS events as fast as possible, then drained"
MAX_BASE=$(consumed)
cpu_ticks >"$OUT/cpu-before.txt"
loadgen "$OUT/max.txt" --events "$EVENTS" --concurrency "$CONCURRENCY" --models "$MODELS" --pregenerate
MAX_START=$(result start_epoch_ms "$OUT/max.txt")
MAX_ACCEPTED=$(result accepted "$OUT/max.txt")
E2E_EPS=n/a
if wait_burned "$MAX_START" "$MAX_BASE" "$MAX_ACCEPTED"; then
  E2E_EPS=$(awk -v n="$BURNED" -v ms="$((LAST_BURN_MS - MAX_START))" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
fi
cpu_ticks >"$OUT/cpu-after.txt"
CPU_US=$(cpu_per_event "$OUT/cpu-before.txt" "$OUT/cpu-after.txt" "$MAX_ACCEPTED")
# cpu NAME [LIST]: one figure of a cpu_per_event list (default: step 3's)
cpu() { echo "${2:-$CPU_US}" | awk -v k="$1" '{ for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1) }'; }
# per_event MS EVENTS: milliseconds of CPU as µs per event
per_event() { awk -v ms="$1" -v n="$2" 'BEGIN { printf "%.1f", ms * 1000 / n }'; }
# The load generator reports its CPU from its clock's start (cpu_ms: sending, the figure shown) and in all
# (process_cpu_ms: also its JVM start and building the batches); all of it is taken out of "other".
LOADGEN_US=$(per_event "$(result cpu_ms "$OUT/max.txt")" "$MAX_ACCEPTED")
OTHER_US=$(awk -v o="$(cpu other)" -v l="$(per_event "$(result process_cpu_ms "$OUT/max.txt")" "$MAX_ACCEPTED")" \
  'BEGIN { printf "%.1f", o - l }')
ALONE_LOADGEN_US=$(per_event "$(result cpu_ms "$OUT/alone.txt")" "$ALONE_ACCEPTED")
ALONE_OTHER_US=$(awk -v o="$(cpu other "$ALONE_CPU")" -v l="$(per_event "$(result process_cpu_ms "$OUT/alone.txt")" "$ALONE_ACCEPTED")" \
  'BEGIN { printf "%.1f", o - l }')
# total_us CPU_LIST RESULT_FILE EVENTS LOADGEN_US: the machine's total without the load generator's start and batch
# building, which fall outside its clock
total_us() {
  awk -v t="$(cpu total "$1")" -v p="$(per_event "$(result process_cpu_ms "$2")" "$3")" -v r="$4" \
    'BEGIN { printf "%.1f", t - p + r }'
}
TOTAL_US=$(total_us "$CPU_US" "$OUT/max.txt" "$MAX_ACCEPTED" "$LOADGEN_US")
ALONE_TOTAL_US=$(total_us "$ALONE_CPU" "$OUT/alone.txt" "$ALONE_ACCEPTED" "$ALONE_LOADGEN_US")
read -r SAT_BURN_P50 SAT_BURN_P99 MAX_UNPRICED <<<"$(burn_latency "$MAX_START")"

# ------------------------------------------------------------------ 4: the whole pipeline at a fixed rate
ml_log "4. whole pipeline at $FIXED_RATE events/s for ${FIXED_SECONDS}s"
FIXED_BASE=$(consumed)
loadgen "$OUT/fixed.txt" --rate "$FIXED_RATE" --duration "$FIXED_SECONDS" --models "$MODELS" --pregenerate
FIXED_START=$(result start_epoch_ms "$OUT/fixed.txt")
wait_burned "$FIXED_START" "$FIXED_BASE" "$(result accepted "$OUT/fixed.txt")" || true
read -r BURN_P50 BURN_P99 FIXED_UNPRICED <<<"$(burn_latency "$FIXED_START")"

# ------------------------------------------------------------------ 7: rollup cost per run, webhook deliveries/s
ml_log "7. rollup cost per run and webhook deliveries per second"
"$ML_ROOT/scripts/bench-rollup.sh" --db "$DB" --port "$AGG_PORT" --new-events 10000 --deliveries 2000 \
  | tee "$OUT/rollup.txt" || ml_log "the rollup step failed (see $OUT/rollup.txt)"
ROLLUP=$(grep '^BENCH_ROLLUP ' "$OUT/rollup.txt" | sed 's/^BENCH_ROLLUP //' || true)
rollup() { echo "$ROLLUP" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# ------------------------------------------------------------------ 8: the reservation path at a fixed rate
ml_log "8. reservations at $RESERVATION_RATE holds/s for ${RESERVATION_SECONDS}s"
reservations_step "$OUT/customers.txt"

# ------------------------------------------------------------------ peak RSS, before anything stops
declare -A RSS
for m in "${ML_SERVICES[@]}"; do RSS[$m]=$(ml_peak_rss_mb "${ML_PID[$m]}"); done

# ------------------------------------------------------------------ report
MACHINE="$(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(uname -r)"
latency() { echo "p50 $(result p50_ms "$1") ms, p95 $(result p95_ms "$1") ms, p99 $(result p99_ms "$1") ms, max $(result max_ms "$1") ms"; }
cat <<EOF | tee "$OUT/summary.txt"

Meterline benchmark $RUN_TAG ($(date -u +%Y-%m-%dT%H:%M:%SZ), $MACHINE; everything on this machine)
1. ingest alone                  $INGEST_EPS events/s accepted ($ALONE_ACCEPTED events, batches of 1000, concurrency $CONCURRENCY; workers paused)
                                 batch latency $(latency "$OUT/alone.txt")
                                 CPU per event $ALONE_TOTAL_US µs: ingestion-api $(cpu ingestion-api "$ALONE_CPU") (JIT $(cpu ingestion-api:jit "$ALONE_CPU"), GC $(cpu ingestion-api:gc "$ALONE_CPU")), Kafka $(cpu kafka "$ALONE_CPU"), Redis $(cpu redis "$ALONE_CPU"), Postgres $(cpu postgres "$ALONE_CPU"), load generator $ALONE_LOADGEN_US, rest $ALONE_OTHER_US
   ingest alone at $FIXED_RATE/s   batch latency $(latency "$OUT/alone-fixed.txt") (from the intended send time)
   Kafka ProducerPerformance    $KAFKA_EPS records/s ($ALONE_ACCEPTED records of $RECORD_SIZE bytes, acks=all, same conditions); ingest alone = $RATIO % of it
2. cost worker alone             $WORKER_EPS events/s priced and burned, from a backlog of $BACKLOG events
3. whole pipeline                $E2E_EPS events/s end to end, first send to last burn ($MAX_ACCEPTED events, $MAX_UNPRICED unpriced)
                                 ingest meanwhile $(result accepted_eps "$OUT/max.txt") events/s, batch latency $(latency "$OUT/max.txt")
                                 event-to-burn under that backlog: p50 $SAT_BURN_P50 ms, p99 $SAT_BURN_P99 ms
4. whole pipeline at $FIXED_RATE/s  batch latency $(latency "$OUT/fixed.txt") (from the intended send time)
                                 event-to-burn p50 $BURN_P50 ms, p99 $BURN_P99 ms ($FIXED_UNPRICED unpriced)
5. CPU per accepted event        $TOTAL_US µs in all (run 3 and its drain): ingestion-api $(cpu ingestion-api), cost-worker $(cpu cost-worker), Kafka $(cpu kafka), Postgres $(cpu postgres), Redis $(cpu redis), aggregation $(cpu aggregation-worker), load generator $LOADGEN_US, rest $OTHER_US
                                 of which JIT compiler / GC threads: ingestion-api $(cpu ingestion-api:jit) / $(cpu ingestion-api:gc), cost-worker $(cpu cost-worker:jit) / $(cpu cost-worker:gc)
6. peak RSS (VmHWM)              ingestion-api ${RSS[ingestion-api]} MiB, cost-worker ${RSS[cost-worker]} MiB, aggregation-worker ${RSS[aggregation-worker]} MiB
7. rollup per run                after $(rollup new_events) new events: $(rollup new_hours) hours, $(rollup new_read) raw rows read, $(rollup new_written) rows written, $(rollup new_ms) ms (the watermark rollup: $(rollup watermark_read) rows read)
                                 nothing new: $(rollup idle_hours) hours, $(rollup idle_written) rows written, $(rollup idle_ms) ms; webhooks $(rollup webhook_eps) deliveries/s to a local receiver
8. reservations at $RESERVATION_RATE/s     holds only: $(result achieved_rate "$OUT/reservations-holds.txt") holds/s achieved ($(result created "$OUT/reservations-holds.txt") held, $(result refused "$OUT/reservations-holds.txt") refused, 50 HARD customers)
                                 hold latency $(latency "$OUT/reservations-holds.txt") (from the intended send time)
                                 CPU $(reservations_cpu reservations-holds)
                                 half closing each hold: $(result achieved_rate "$OUT/reservations.txt") holds/s achieved, hold latency $(latency "$OUT/reservations.txt")
                                 CPU $(reservations_cpu reservations)

BENCH run=$RUN_TAG ingest_eps=$INGEST_EPS ingest_p99_ms=$(result p99_ms "$OUT/alone.txt") fixed_rate=$FIXED_RATE ingest_fixed_p99_ms=$(result p99_ms "$OUT/alone-fixed.txt") worker_eps=$WORKER_EPS e2e_eps=$E2E_EPS pipeline_ingest_eps=$(result accepted_eps "$OUT/max.txt") pipeline_fixed_p99_ms=$(result p99_ms "$OUT/fixed.txt") burn_p50_ms=$BURN_P50 burn_p99_ms=$BURN_P99 kafka_eps=$KAFKA_EPS ingest_vs_kafka_pct=$RATIO cpu_us_total=$TOTAL_US cpu_us_ingest=$(cpu ingestion-api) cpu_us_cost=$(cpu cost-worker) cpu_us_ingest_jit=$(cpu ingestion-api:jit) cpu_us_cost_jit=$(cpu cost-worker:jit) cpu_us_kafka=$(cpu kafka) cpu_us_postgres=$(cpu postgres) cpu_us_redis=$(cpu redis) cpu_us_loadgen=$LOADGEN_US cpu_us_other=$OTHER_US alone_cpu_us_total=$ALONE_TOTAL_US alone_cpu_us_ingest=$(cpu ingestion-api "$ALONE_CPU") alone_cpu_us_kafka=$(cpu kafka "$ALONE_CPU") alone_cpu_us_redis=$(cpu redis "$ALONE_CPU") alone_cpu_us_loadgen=$ALONE_LOADGEN_US rss_ingest_mb=${RSS[ingestion-api]} rss_cost_mb=${RSS[cost-worker]} rss_aggregation_mb=${RSS[aggregation-worker]} $ROLLUP reservation_rate=$RESERVATION_RATE reservation_holds_eps=$(result achieved_rate "$OUT/reservations-holds.txt") reservation_holds_p99_ms=$(result p99_ms "$OUT/reservations-holds.txt") reservation_eps=$(result achieved_rate "$OUT/reservations.txt") reservation_p50_ms=$(result p50_ms "$OUT/reservations.txt") reservation_p99_ms=$(result p99_ms "$OUT/reservations.txt") reservation_max_ms=$(result max_ms "$OUT/reservations.txt")
EOF
grep '^BENCH ' "$OUT/summary.txt" >>"$ML_ROOT/.local/bench/results.log"
