#!/usr/bin/env bash
# Sets up a demo customer through the admin API (never SQL): customer + wallet, an API key, credits and
# a few rates; then prints a curl that ingests an event with that key. Safe to run twice: the customer,
# the top-up and the rates are idempotent (a second run only issues another key).
#   METERLINE_ADMIN_TOKEN (required), METERLINE_URL (default http://127.0.0.1:8080), DEMO_CUSTOMER (default demo)
set -euo pipefail
URL="${METERLINE_URL:-http://127.0.0.1:8080}"
TOKEN="${METERLINE_ADMIN_TOKEN:?set METERLINE_ADMIN_TOKEN}"
CUSTOMER="${DEMO_CUSTOMER:-demo}"

admin() { # method path [json]
  curl -fsS -X "$1" "$URL$2" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
field() { sed -E "s/.*\"$1\" *: *\"([^\"]*)\".*/\1/"; }

admin POST /v1/admin/customers \
  "{\"id\": \"$CUSTOMER\", \"name\": \"Demo customer\", \"low_balance_threshold\": \"10\"}" >/dev/null
API_KEY=$(admin POST "/v1/admin/customers/$CUSTOMER/api-keys" '{"name": "demo"}' | field api_key)
admin POST "/v1/admin/customers/$CUSTOMER/wallet/top-ups" \
  '{"amount": "100", "idempotency_key": "demo-initial-credit", "description": "Demo credit"}' >/dev/null
admin PUT /v1/admin/rates '[
  {"provider": "openai", "model": "gpt-4o", "cost_type": "INPUT_TOKEN", "price_usd": "2.50", "valid_from": "2024-01-01T00:00:00Z"},
  {"provider": "openai", "model": "gpt-4o", "cost_type": "CACHED_INPUT_TOKEN", "price_usd": "1.25", "valid_from": "2024-01-01T00:00:00Z"},
  {"provider": "openai", "model": "gpt-4o", "cost_type": "OUTPUT_TOKEN", "price_usd": "10.00", "valid_from": "2024-01-01T00:00:00Z"}
]' >/dev/null

cat <<OUT
Demo customer '$CUSTOMER' has 100 credits and the API key
  $API_KEY
Balance:  curl -s $URL/v1/balance -H 'X-Api-Key: $API_KEY'
Ingest:   curl -s -X POST $URL/v1/events/ingest -H 'X-Api-Key: $API_KEY' -H 'Content-Type: application/json' \\
            -d '{"event_type": "TOKEN_USAGE", "feature_id": "chat", "provider": "openai", "model": "gpt-4o",
                 "input_tokens": 1200, "output_tokens": 300, "idempotency_key": "demo-1"}'
OUT
