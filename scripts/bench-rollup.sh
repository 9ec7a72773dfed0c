#!/usr/bin/env bash
# Rollup and webhook figures against a running aggregation worker (step 7 of bench.sh; also by hand):
#   a. the rollup's cost per run: a run that drains what is dirty, a run with nothing new, and a run after
#      --new-events new usage rows (written as the cost worker writes them: one INSERT per 1000-row batch): for
#      each, hours recomputed, raw rows read (the rows of those hours), rollup rows written and the run's ms;
#      beside it, what the previous (watermark) rollup would have read for the same run: every row of every hour
#      holding a row changed since the previous run's end less its overlap (--window, 5 minutes);
#   b. webhook deliveries per second: --deliveries deliveries enqueued at once for one endpoint posting to a
#      local receiver (the test receiver, Node.js, verifying every signature with npm standardwebhooks), from
#      the enqueue until the last one is DELIVERED.
# Usage: bench-rollup.sh --db DB --port AGGREGATION_PORT [--seed-events N] [--new-events N] [--deliveries N]
#   --seed-events N  first insert N usage rows over 100 customers and the last 6 hours (a database without bench
#                    volume, e.g. by hand); bench.sh passes 0: its steps 3 and 4 left their rows
# Needs METERLINE_ADMIN_TOKEN (the worker's). Prints one 'BENCH_ROLLUP key=value ...' line at the end.
set -euo pipefail
ML_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ML_TAG=bench-rollup
# shellcheck source=scripts/lib/common.sh
source "$ML_ROOT/scripts/lib/common.sh"

DB=meterline_bench PORT=8092 SEED=0 NEW=10000 DELIVERIES=2000 WINDOW="5 minutes"
while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --seed-events) SEED=$2; shift 2 ;;
    --new-events) NEW=$2; shift 2 ;;
    --deliveries) DELIVERIES=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
: "${METERLINE_ADMIN_TOKEN:?must be the admin token of the aggregation worker}"
URL="http://127.0.0.1:$PORT"
PREFIX="rollup-bench-$(date -u +%H%M%S)-"

# usage_rows N HOURS: N priced usage rows over 100 customers (the 100 with most rows, else new ones), spread over
# the last HOURS hours, in 1000-row INSERTs
usage_rows() {
  local n=$1 hours=$2 sent=0 size custs
  custs=$(ml_psql "$DB" "SELECT coalesce(array_agg(customer_id), ARRAY(SELECT '${PREFIX}' || i FROM generate_series(0, 99) i))
    FROM (SELECT customer_id FROM usage_events GROUP BY 1 ORDER BY count(*) DESC LIMIT 100) c")
  while [ "$sent" -lt "$n" ]; do
    size=$((n - sent < 1000 ? n - sent : 1000))
    ml_psql "$DB" "INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
        input_tokens, output_tokens, event_time, received_at, status, cost_usd, credits, priced_at)
      SELECT c[1 + i % cardinality(c)], k::text, k, 'TOKEN_USAGE', 'chat', 'openai', 'gpt-4o', 100, 10,
             now() - random() * interval '$hours hours', now(), 'PRICED', 0.001, 0.001, now()
      FROM (SELECT i, gen_random_uuid() AS k FROM generate_series(1, $size) i) x, (SELECT '$custs'::text[] AS c) cs"
    sent=$((sent + size))
  done
}

# job: runs an incremental job; prints "hours rows ms"
job() {
  local id status
  id=$(curl -fsS -X POST -H "Authorization: Bearer $METERLINE_ADMIN_TOKEN" -H 'content-type: application/json' \
    -d '{}' "$URL/v1/aggregation/jobs" | jq -r .job_id)
  for _ in $(seq 1 600); do
    status=$(ml_psql "$DB" "SELECT status FROM aggregation_jobs WHERE id = '$id'")
    case "$status" in SUCCEEDED | PARTIAL | FAILED) break ;; esac
    sleep 0.5
  done
  ml_psql "$DB" "SELECT coalesce(hours_recomputed, 0) || ' ' || coalesce(rows_written, 0) || ' '
    || round(extract(epoch FROM finished_at - started_at) * 1000) FROM aggregation_jobs WHERE id = '$id'" | tr '|' ' '
}

# clear_of_schedule: waits until a measured run can start and end before the worker's own schedule (the rollup cron
# fires at second 0 of every minute) takes the same dirty hours: otherwise the scheduled run recomputes them and the
# measured one finds nothing (seen in session 11: "0 hours recomputed" with 2.78 million rows read)
clear_of_schedule() {
  local s
  while s=$((10#$(date -u +%S))); [ "$s" -lt 2 ] || [ "$s" -gt 10 ]; do sleep 0.5; done
}

# read_now: raw rows the next run reads (the rows of the dirty hours)
read_now() {
  ml_psql "$DB" "SELECT count(*) FROM rollup_source s
    JOIN (SELECT DISTINCT customer_id, hour FROM rollup_dirty) d ON s.customer_id = d.customer_id
     AND s.event_time >= d.hour AND s.event_time < d.hour + interval '1 hour'"
}

# read_before: raw rows the watermark rollup read for the same run (every hour with a row changed since the previous
# run's end less its overlap, WINDOW)
read_before() {
  ml_psql "$DB" "SELECT count(*) FROM rollup_source s
    JOIN (SELECT DISTINCT customer_id, date_trunc('hour', event_time, 'UTC') AS hour FROM rollup_source
          WHERE changed_at >= (SELECT max(finished_at) FROM aggregation_jobs) - interval '$WINDOW') d
      ON s.customer_id = d.customer_id
     AND s.event_time >= d.hour AND s.event_time < d.hour + interval '1 hour'"
}

# ------------------------------------------------------------------ a. rollup cost per run
if [ "$SEED" -gt 0 ]; then
  ml_log "seeding $SEED usage rows over 100 customers and 6 hours"
  usage_rows "$SEED" 6
fi
TOTAL=$(ml_psql "$DB" "SELECT count(*) FROM usage_events")
clear_of_schedule
DRAIN_READ=$(read_now)
read -r DRAIN_HOURS DRAIN_ROWS DRAIN_MS <<<"$(job)"
ml_log "drain run: $DRAIN_HOURS hours, $DRAIN_READ raw rows read, $DRAIN_ROWS rows written, $DRAIN_MS ms ($TOTAL usage rows in all)"
clear_of_schedule
IDLE_READ=$(read_now)
read -r IDLE_HOURS IDLE_ROWS IDLE_MS <<<"$(job)"
ml_log "nothing new: $IDLE_HOURS hours, $IDLE_READ raw rows read, $IDLE_ROWS rows written, $IDLE_MS ms"
clear_of_schedule
usage_rows "$NEW" 1
NEW_READ=$(read_now)
BEFORE_READ=$(read_before)
read -r NEW_HOURS NEW_ROWS NEW_MS <<<"$(job)"
ml_log "after $NEW new events: $NEW_HOURS hours, $NEW_READ raw rows read, $NEW_ROWS rows written, $NEW_MS ms; the watermark rollup would have read $BEFORE_READ rows"

# ------------------------------------------------------------------ b. webhook deliveries per second
RECEIVER_DIR="$ML_ROOT/aggregation-worker/src/test/node/webhook-receiver"
WEBHOOK_EPS=n/a
if command -v node >/dev/null && "$RECEIVER_DIR/install.sh" >/dev/null 2>&1; then
  # the receiver stops when its stdin ends: it reads a FIFO held open by a sleep we stop with it
  FIFO="/tmp/$PREFIX-receiver.fifo"
  mkfifo "$FIFO"
  sleep 3600 >"$FIFO" &
  HOLDER_PID=$!
  node "$RECEIVER_DIR/receiver.js" <"$FIFO" >"/tmp/$PREFIX-receiver.txt" 2>&1 &
  RECEIVER_PID=$!
  trap 'kill "$RECEIVER_PID" "$HOLDER_PID" 2>/dev/null || true; rm -f "$FIFO"' EXIT
  for _ in $(seq 1 50); do grep -q LISTENING "/tmp/$PREFIX-receiver.txt" && break; sleep 0.2; done
  RPORT=$(awk '/LISTENING/ { print $2 }' "/tmp/$PREFIX-receiver.txt")
  SECRET="whsec_$(head -c 24 /dev/urandom | base64)"
  curl -fsS -X POST -d "{\"path\": \"/bench\", \"secrets\": [\"$SECRET\"]}" "http://127.0.0.1:$RPORT/_setup" >/dev/null
  CUSTOMER="${PREFIX}0"
  ml_psql "$DB" "INSERT INTO customers (id, name) VALUES ('$CUSTOMER', 'rollup bench') ON CONFLICT DO NOTHING"
  ENDPOINT=$(ml_psql "$DB" "INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
    VALUES (gen_random_uuid(), '$CUSTOMER', 'http://127.0.0.1:$RPORT/bench', ARRAY['webhook.test'], '$SECRET')
    RETURNING id")
  START_MS=$(date +%s%3N)
  ml_psql "$DB" "INSERT INTO webhook_deliveries (id, endpoint_id, message_id, event_type, customer_id, body, status,
      next_attempt_at)
    SELECT gen_random_uuid(), '$ENDPOINT', 'msg_' || replace(gen_random_uuid()::text, '-', ''), 'webhook.test',
           '$CUSTOMER', '{\"type\":\"webhook.test\",\"timestamp\":\"' || now() || '\",\"data\":{\"n\":' || i || '}}',
           'PENDING', now()
    FROM generate_series(1, $DELIVERIES) i"
  for _ in $(seq 1 1200); do
    LEFT=$(ml_psql "$DB" "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '$ENDPOINT' AND status <> 'DELIVERED'")
    [ "$LEFT" = 0 ] && break
    sleep 0.25
  done
  LAST_MS=$(ml_psql "$DB" "SELECT round(extract(epoch FROM max(finished_at)) * 1000) FROM webhook_deliveries
    WHERE endpoint_id = '$ENDPOINT'")
  WEBHOOK_EPS=$(awk -v n="$DELIVERIES" -v ms="$((LAST_MS - START_MS))" 'BEGIN { printf "%.0f", n / (ms / 1000) }')
  VERIFIED=$(curl -fsS "http://127.0.0.1:$RPORT/_log" | jq '[.[] | select(.verified == [true])] | length')
  ml_log "webhooks: $DELIVERIES deliveries in $((LAST_MS - START_MS)) ms = $WEBHOOK_EPS/s ($VERIFIED verified by the receiver, $LEFT not delivered)"
  ml_psql "$DB" "UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = '$ENDPOINT'"
else
  ml_log "webhooks: no Node.js or no npm standardwebhooks; deliveries per second not measured"
fi

echo "BENCH_ROLLUP usage_rows=$TOTAL drain_hours=$DRAIN_HOURS drain_read=$DRAIN_READ drain_written=$DRAIN_ROWS drain_ms=$DRAIN_MS idle_hours=$IDLE_HOURS idle_read=$IDLE_READ idle_written=$IDLE_ROWS idle_ms=$IDLE_MS new_events=$NEW new_hours=$NEW_HOURS new_read=$NEW_READ new_written=$NEW_ROWS new_ms=$NEW_MS watermark_read=$BEFORE_READ webhook_deliveries=$DELIVERIES webhook_eps=$WEBHOOK_EPS"
