#!/usr/bin/env bash
# Runs the whole Meterline pipeline on this machine:
# brings up Postgres, Redis and Kafka, builds the services if needed, starts all three, sets up a demo customer
# (API key, credits, rates) through the admin API, prints the curl commands to try, and stops everything it
# started (and nothing else) on Ctrl-C.
#
# Environment: METERLINE_ADMIN_TOKEN (generated when unset), METERLINE_INGEST_PORT / _COST_PORT /
# _AGGREGATION_PORT (8080 / 8081 / 8082), METERLINE_JAVA_OPTS (JVM options for the services, default -Xmx1g),
# METERLINE_DEMO_CUSTOMER (demo), METERLINE_DEMO_CREDITS (100000), METERLINE_WEBHOOKS_ALLOW_PRIVATE (true here).
set -euo pipefail
ML_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ML_TAG=run
INGEST_PORT="${METERLINE_INGEST_PORT:-8080}"
COST_PORT="${METERLINE_COST_PORT:-8081}"
AGG_PORT="${METERLINE_AGGREGATION_PORT:-8082}"
ML_API_URL="http://127.0.0.1:$INGEST_PORT"
# shellcheck source=scripts/lib/common.sh
source "$ML_ROOT/scripts/lib/common.sh"
cd "$ML_ROOT"
LOGS="$ML_ROOT/.local/logs"
mkdir -p "$LOGS"

DEMO_CUSTOMER="${METERLINE_DEMO_CUSTOMER:-demo}"
DEMO_CREDITS="${METERLINE_DEMO_CREDITS:-100000}"
DEMO_KEY_FILE="$ML_ROOT/.local/demo-api-key"
export METERLINE_ADMIN_TOKEN="${METERLINE_ADMIN_TOKEN:-$(ml_random_token)}"
# Webhook receivers of a local run live on this machine (docs/webhooks.md); production keeps the default, false.
export METERLINE_WEBHOOKS_ALLOW_PRIVATE="${METERLINE_WEBHOOKS_ALLOW_PRIVATE:-true}"
# ./scripts/audit reads it from here while this run lasts
(umask 077 && printf '%s\n' "$METERLINE_ADMIN_TOKEN" >"$ML_ROOT/.local/admin-token")

stop_all() {
  trap - INT TERM EXIT
  rm -f "$ML_ROOT/.local/admin-token"
  ml_stop_services
  ml_services_down_started
}
trap stop_all EXIT
trap 'exit 130' INT TERM # through the EXIT trap: stop what we started, then end

ml_services_up
ml_build_if_needed

ml_start_service ingestion-api "$INGEST_PORT" "$LOGS/ingestion-api.log"
ml_start_service cost-worker "$COST_PORT" "$LOGS/cost-worker.log"
ml_start_service aggregation-worker "$AGG_PORT" "$LOGS/aggregation-worker.log"
ml_wait_ready ingestion-api "$INGEST_PORT" "$LOGS/ingestion-api.log"
ml_wait_ready cost-worker "$COST_PORT" "$LOGS/cost-worker.log"
ml_wait_ready aggregation-worker "$AGG_PORT" "$LOGS/aggregation-worker.log"

# --- demo customer: everything idempotent, so running run.sh again reuses it and does not credit it twice
key_works() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Api-Key: $1" "$ML_API_URL/v1/balance")" = 200 ]; }
ml_ensure_rates "$ML_ROOT/scripts/lib/rates.json" openai:gpt-4o-mini anthropic:claude-haiku-4-5
ml_ensure_customer "$DEMO_CUSTOMER" "Demo customer"
DEMO_KEY=""
if [ -s "$DEMO_KEY_FILE" ] && [ "$(cut -d' ' -f1 "$DEMO_KEY_FILE")" = "$DEMO_CUSTOMER" ]; then
  DEMO_KEY=$(cut -d' ' -f2 "$DEMO_KEY_FILE")
  key_works "$DEMO_KEY" || DEMO_KEY=""
fi
if [ -z "$DEMO_KEY" ]; then
  DEMO_KEY=$(ml_create_api_key "$DEMO_CUSTOMER" demo)
  (umask 077 && printf '%s %s\n' "$DEMO_CUSTOMER" "$DEMO_KEY" >"$DEMO_KEY_FILE")
fi
ml_top_up "$DEMO_CUSTOMER" "$DEMO_CREDITS" "run-sh-demo-initial-credit"

cat <<EOF

Meterline is running (logs in .local/logs/):
  ingestion-api       http://127.0.0.1:$INGEST_PORT   (Swagger UI: http://127.0.0.1:$INGEST_PORT/q/swagger-ui)
  cost-worker         http://127.0.0.1:$COST_PORT   (health: /q/health/ready, metrics: /q/metrics)
  aggregation-worker  http://127.0.0.1:$AGG_PORT
  admin token         $METERLINE_ADMIN_TOKEN
  demo customer       $DEMO_CUSTOMER, API key $DEMO_KEY (kept in .local/demo-api-key), $DEMO_CREDITS credits

Ingest two events (new event ids and the current time each time you paste it):

curl -sS -X POST http://127.0.0.1:$INGEST_PORT/v1/events/ingest \\
  -H 'X-Api-Key: $DEMO_KEY' -H 'Content-Type: application/json' \\
  -d '{"events": [
    {"event_id": "'\$(cat /proc/sys/kernel/random/uuid)'", "customer_id": "$DEMO_CUSTOMER", "event_type": "TOKEN_USAGE",
     "feature_id": "chat", "provider": "openai", "model": "gpt-4o-mini", "input_tokens": 1200,
     "cached_input_tokens": 300, "output_tokens": 250, "timestamp": "'\$(date -u +%Y-%m-%dT%H:%M:%SZ)'"},
    {"event_id": "'\$(cat /proc/sys/kernel/random/uuid)'", "customer_id": "$DEMO_CUSTOMER", "event_type": "TOKEN_USAGE",
     "feature_id": "summarize", "provider": "anthropic", "model": "claude-haiku-4-5", "input_tokens": 5000,
     "cache_write_tokens": 2000, "output_tokens": 400, "timestamp": "'\$(date -u +%Y-%m-%dT%H:%M:%SZ)'"}]}'

Then the balance (the burn lands within a second or so):

curl -sS http://127.0.0.1:$INGEST_PORT/v1/balance -H 'X-Api-Key: $DEMO_KEY'

Admin API example:

curl -sS http://127.0.0.1:$INGEST_PORT/v1/admin/customers/$DEMO_CUSTOMER/wallet -H 'Authorization: Bearer $METERLINE_ADMIN_TOKEN'

Load: ./scripts/loadgen --customer $DEMO_CUSTOMER:$DEMO_KEY --events 100000

Press Ctrl-C to stop everything this command started.
EOF
wait -n "${ML_PIDS[@]}" || true
ml_log "a service exited; see .local/logs/"
