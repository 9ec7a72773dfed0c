# shellcheck shell=bash
# Credit operations and webhooks in a chaos scenario (sourced by scripts/chaos.sh; uses its variables and helpers).
#
# Beside the event load, `loadgen --credit-ops` sends charges, refunds of some of them, admin grants and reservations
# (released, settled by a charge, settled by a usage event) at CHAOS_OPS_RATE operations/s, re-sending every one whose
# outcome is open with the same idempotency id, and writes each outcome down. One customer of the scenario has two
# webhook endpoints (every event type) on a local receiver that checks every signature with the official Standard
# Webhooks verifier (aggregation-worker/src/test/node/webhook-receiver): one answers 503 to its first attempts then
# 204, the other always 500. After the drain one more row per scenario counts, per kind, what the client was
# promised against what Postgres holds, and the webhook deliveries: each must end DELIVERED (the first endpoint,
# with a verified copy at the receiver) or FAILED after its last attempt (the second), none left PENDING.

OPS_RATE="${CHAOS_OPS_RATE:-20}"
OPS_ATTEMPTS="${CHAOS_WEBHOOK_ATTEMPTS:-4}"
RECEIVER_DIR="$ML_ROOT/aggregation-worker/src/test/node/webhook-receiver"
RECEIVER_PID=""
RECEIVER_URL=""
OPS_PID=""
OPS_ROWS=()

# Before the services start: what they need for webhooks to a local receiver, with a short retry schedule (4 attempts
# over about 7 s instead of 8 over 22 h) so that a delivery to a failing endpoint is exhausted within the drain.
ops_env() {
  export METERLINE_WEBHOOKS_ALLOW_PRIVATE=true METERLINE_WEBHOOKS_EVERY=1s
  export METERLINE_WEBHOOKS_MAX_ATTEMPTS="$OPS_ATTEMPTS" METERLINE_WEBHOOKS_INITIAL_BACKOFF=1s
  export METERLINE_WEBHOOKS_BACKOFF_MULTIPLIER=2 METERLINE_WEBHOOKS_MAX_BACKOFF=8s
}

# Starts the receiver (node); without node or its verifier the scenarios run without webhooks.
ops_receiver_start() {
  if ! command -v node >/dev/null || ! "$RECEIVER_DIR/install.sh" >>"$OUT/receiver.log" 2>&1; then
    ml_log "no webhook receiver (node and npm standardwebhooks needed): scenarios run without webhooks"
    return 0
  fi
  # the receiver stops when its stdin ends: a FIFO whose writing end this shell holds, so it ends with the script
  mkfifo "$OUT/receiver.in"
  exec 8<>"$OUT/receiver.in"
  node "$RECEIVER_DIR/receiver.js" <"$OUT/receiver.in" 8>&- >"$OUT/receiver.out" 2>>"$OUT/receiver.log" &
  RECEIVER_PID=$!
  local deadline=$((SECONDS + 30)) port=""
  until [ -n "$port" ]; do
    [ $SECONDS -lt $deadline ] || ml_die "the webhook receiver did not start; see $OUT/receiver.log"
    sleep 0.3
    port=$(sed -n 's/^LISTENING //p' "$OUT/receiver.out")
  done
  RECEIVER_URL="http://127.0.0.1:$port"
}

ops_stop() {
  if [ -n "$OPS_PID" ]; then kill "$OPS_PID" 2>/dev/null || true; fi
  if [ -n "$RECEIVER_PID" ]; then kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; fi
}

# ops_endpoint PATH STATUSES_JSON: registers an endpoint of the scenario's first customer; prints its id.
ops_endpoint() {
  local body id secret
  body=$(ml_admin_ok 201 POST /v1/admin/webhook-endpoints "$(jq -cn --arg url "$RECEIVER_URL$1" \
    --arg c "${PREFIX}01" '{url: $url, event_types: ["*"], customer_id: $c, description: "chaos"}')")
  id=$(jq -er .id <<<"$body")
  secret=$(jq -er .secret <<<"$body")
  curl -fsS -X POST "$RECEIVER_URL/_setup" -H 'Content-Type: application/json' \
    -d "$(jq -cn --arg p "$1" --arg s "$secret" --argjson st "$2" '{path: $p, secrets: [$s], statuses: $st}')" >/dev/null
  echo "$id"
}

# ops_begin DURATION_S: endpoints, then the operations in the background (after scenario_begin's customers)
ops_begin() {
  WH_OK="" WH_DOWN=""
  if [ -n "$RECEIVER_URL" ]; then
    WH_OK=$(ops_endpoint "/$SCENARIO" '[503, 503, 503, 204]')
    WH_DOWN=$(ops_endpoint "/$SCENARIO-down" '[500]')
  fi
  : >"$SDIR/ops-events.tsv"
  # shellcheck disable=SC2086 # FAST_START is a list of JVM options
  java -Xmx128m $FAST_START -jar "$ML_ROOT/loadgen/target/meterline-loadgen.jar" --credit-ops --url "$ML_API_URL" \
    --customers-file "$SDIR/customers.txt" --rate "$OPS_RATE" --duration "$1" --model "${MODELS%%,*}" \
    ${WH_OK:+--webhook-endpoint "$WH_OK"} --ids "$PREFIX" --retry-for 150 --timeout 30 \
    --outcomes "$SDIR/ops.tsv" --events "$SDIR/ops-events.tsv" >"$SDIR/ops.txt" 2>"$SDIR/ops.err" &
  OPS_PID=$!
}

# After the event load: the operations decided, then the deliveries final (at most 120 s), then the counts.
ops_end() {
  local status=0
  wait "$OPS_PID" || status=$?
  OPS_PID=""
  [ $status -eq 0 ] || { cat "$SDIR/ops.err" >&2; ml_die "the credit operations failed ($status)"; }
  [ -n "$WH_OK" ] || return 0
  local deadline=$((SECONDS + 120))
  while [ $SECONDS -lt $deadline ] && [ "$(ml_psql "$DB" "SELECT count(*) FROM webhook_deliveries
      WHERE endpoint_id IN ('$WH_OK', '$WH_DOWN') AND status = 'PENDING'")" != 0 ]; do
    sleep 1
  done
}

# ops_psql: the operations' counts, one line 'kind|sent|acked|refused|unknown|stored|lost|twice|phantom' per kind,
# then 'holds|acknowledged but not closed|open, never acknowledged|held|open estimates' and 'webhooks|due_ok|delivered_ok|due_down|exhausted_down|pending'
ops_psql() {
  PGPASSWORD="${METERLINE_DB_PASSWORD:-meterline}" psql -X -q -v ON_ERROR_STOP=1 -tA -h 127.0.0.1 \
    -p "${METERLINE_DB_PORT:-5432}" -U "${METERLINE_DB_USER:-meterline}" -d "$DB" <<SQL
CREATE TEMP TABLE op (kind text, customer_id text, id text, code char(1), status int, attempts int);
\\copy op FROM '$SDIR/ops.tsv'
CREATE TEMP TABLE stored AS
  SELECT 'charge' AS kind, customer_id, request_id AS id FROM charges WHERE customer_id LIKE '$PREFIX%'
  UNION ALL SELECT 'refund', customer_id, refund_id FROM refunds WHERE customer_id LIKE '$PREFIX%'
  UNION ALL SELECT 'grant', customer_id, grant_id FROM credit_grants WHERE customer_id LIKE '$PREFIX%' AND source = 'PROMOTIONAL'
  UNION ALL SELECT 'hold', customer_id, reservation_id FROM reservations WHERE customer_id LIKE '$PREFIX%';
CREATE TEMP TABLE posted AS
  SELECT CASE type WHEN 'CHARGE' THEN 'charge' WHEN 'REFUND' THEN 'refund' ELSE 'grant' END AS kind, count(*) AS n
  FROM wallet_transactions WHERE customer_id LIKE '$PREFIX%' AND type IN ('CHARGE', 'REFUND', 'GRANT') GROUP BY 1;
SELECT k.kind,
       (SELECT count(DISTINCT id) FROM op WHERE op.kind = k.kind),
       (SELECT count(DISTINCT id) FROM op WHERE op.kind = k.kind AND code = 'A'),
       (SELECT count(*) FROM op WHERE op.kind = k.kind AND code = 'R'),
       (SELECT count(*) FROM op WHERE op.kind = k.kind AND code = 'U'),
       (SELECT count(*) FROM stored s WHERE s.kind = k.kind),
       (SELECT count(DISTINCT id) FROM op WHERE op.kind = k.kind AND code = 'A' AND NOT EXISTS
          (SELECT 1 FROM stored s WHERE s.kind = k.kind AND s.customer_id = op.customer_id AND s.id = op.id)),
       CASE WHEN k.kind = 'hold' THEN 0 ELSE coalesce((SELECT n FROM posted p WHERE p.kind = k.kind), 0)
            - (SELECT count(*) FROM stored s WHERE s.kind = k.kind) END,
       (SELECT count(*) FROM stored s WHERE s.kind = k.kind AND NOT EXISTS
          (SELECT 1 FROM op WHERE op.kind = k.kind AND op.customer_id = s.customer_id AND op.id = s.id))
FROM (VALUES ('charge'), ('refund'), ('grant'), ('hold')) k (kind);
SELECT 'holds', count(*) FILTER (WHERE status <> 'RELEASED' AND status <> 'SETTLED' AND acked),
       count(*) FILTER (WHERE status = 'OPEN' AND NOT acked),
       (SELECT coalesce(sum(held), 0) FROM wallets WHERE customer_id LIKE '$PREFIX%'),
       coalesce(sum(estimate) FILTER (WHERE status = 'OPEN'), 0)
FROM (SELECT r.*, EXISTS (SELECT 1 FROM op WHERE op.kind = 'hold' AND op.code = 'A' AND op.customer_id = r.customer_id
                          AND op.id = r.reservation_id) AS acked
      FROM reservations r WHERE customer_id LIKE '$PREFIX%') r;
SELECT 'webhooks', count(*) FILTER (WHERE endpoint_id::text = '${WH_OK:-none}'),
       count(*) FILTER (WHERE endpoint_id::text = '${WH_OK:-none}' AND status = 'DELIVERED'),
       count(*) FILTER (WHERE endpoint_id::text = '${WH_DOWN:-none}'),
       count(*) FILTER (WHERE endpoint_id::text = '${WH_DOWN:-none}' AND status = 'FAILED'
                        AND attempts - attempts_base >= $OPS_ATTEMPTS),
       count(*) FILTER (WHERE status = 'PENDING')
FROM webhook_deliveries WHERE endpoint_id::text IN ('${WH_OK:-none}', '${WH_DOWN:-none}');
SQL
}

# The scenario's credit-operations row: printed, kept for table.md; FAILED set when a count is off.
ops_report() {
  local line kind sent acked refused unknown stored lost twice phantom cells=() ok=PASS problems=() notes=()
  local open unacked held open_est due_ok delivered due_down exhausted pending verified="-" bad_sig=0 webhooks="-"
  while IFS='|' read -r kind sent acked refused unknown stored lost twice phantom; do
    case "$kind" in
      holds) open=$sent unacked=$acked held=$refused open_est=$unknown ;;
      webhooks) due_ok=$sent delivered=$acked due_down=$refused exhausted=$unknown pending=$stored ;;
      *)
        cells+=("$sent/$acked/$stored ($lost, $twice)")
        [ "$lost" = 0 ] && [ "$twice" = 0 ] && [ "$phantom" = 0 ] || problems+=("$kind: lost $lost, twice $twice, never sent $phantom")
        [ "$refused" = 0 ] || problems+=("$kind: $refused refused")
        [ "$unknown" = 0 ] || notes+=("$kind: $unknown unknown")
        ;;
    esac
  done < <(ops_psql)
  [ "$open" = 0 ] || problems+=("holds: $open acknowledged, not closed")
  # a hold stored while its answer was lost stays OPEN until its TTL: the client never learned of it to close it
  [ "$unacked" = 0 ] || notes+=("$unacked holds open that no answer acknowledged (TTL)")
  [ "$(awk -v a="$held" -v b="$open_est" 'BEGIN { print (a == b) }')" = 1 ] || problems+=("held $held, open $open_est")
  if [ -n "$WH_OK" ]; then
    curl -fsS "$RECEIVER_URL/_log" >"$SDIR/receiver.json" || echo '[]' >"$SDIR/receiver.json"
    verified=$(jq --arg p "/$SCENARIO" '[.[] | select(.path == $p and .verified[0]) | .id] | unique | length' "$SDIR/receiver.json")
    bad_sig=$(jq '[.[] | select(.verified | all | not)] | length' "$SDIR/receiver.json")
    webhooks="$due_ok/$delivered/$verified; $due_down/$exhausted; $pending"
    [ "$delivered" = "$due_ok" ] && [ "$verified" = "$due_ok" ] || problems+=("webhooks: $delivered of $due_ok delivered, $verified verified")
    [ "$exhausted" = "$due_down" ] && [ "$pending" = 0 ] || problems+=("webhooks: $exhausted of $due_down exhausted, $pending pending")
    [ "$bad_sig" = 0 ] || problems+=("webhooks: $bad_sig attempts with a bad signature")
  fi
  if [ ${#problems[@]} -gt 0 ]; then ok=FAIL; FAILED=true; fi
  local why
  why=$(IFS=';'; echo "${problems[*]}${problems[*]:+${notes[*]:+; }}${notes[*]}")
  printf '  credit ops: charges %s, refunds %s, grants %s, holds %s, open %s, held %s; webhooks %s: %s%s\n' \
    "${cells[0]}" "${cells[1]}" "${cells[2]}" "${cells[3]}" "$open" "$(printf '%g' "$held")" "$webhooks" "$ok" \
    "${why:+ ($why)}" >&2
  OPS_ROWS+=("| $SCENARIO | ${cells[0]} | ${cells[1]} | ${cells[2]} | ${cells[3]} | $open | $(printf '%g' "$held") | $webhooks | $ok | $why |")
}

# The second table of table.md
ops_table() {
  [ ${#OPS_ROWS[@]} -gt 0 ] || return 0
  {
    echo
    echo "Credit operations (cells: sent/acknowledged/stored (lost, twice)); webhooks: due/delivered/verified at the receiver; due/exhausted on the failing endpoint; pending"
    echo
    echo "| scenario | charges | refunds | grants | holds | acked holds open | held | webhooks | result | problems; notes |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${OPS_ROWS[@]}"
  } >>"$OUT/table.md"
}
