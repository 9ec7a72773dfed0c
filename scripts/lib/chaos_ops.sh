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
#
# The scheduled credit jobs run on short schedules here (grants job every second, renewal job every 2 s instead of
# every minute) under the same faults: the operations make short-lived grants (expired by the grants job), switch
# auto top-up on for every other customer and answer each request with a grant (re-arming it), and subscribe every
# customer to a plan (the renewal job issues the periods). A third row per scenario counts each job's decisions.

OPS_RATE="${CHAOS_OPS_RATE:-20}"
OPS_ATTEMPTS="${CHAOS_WEBHOOK_ATTEMPTS:-4}"
RECEIVER_DIR="$ML_ROOT/aggregation-worker/src/test/node/webhook-receiver"
RECEIVER_PID=""
RECEIVER_URL=""
OPS_PID=""
OPS_ROWS=()
JOBS_ROWS=()
GRANT_LIFE="${CHAOS_GRANT_LIFE:-5}"         # seconds a short-lived grant lives

# Before the services start: what they need for webhooks to a local receiver, with a short retry schedule (4 attempts
# over about 7 s instead of 8 over 22 h) so that a delivery to a failing endpoint is exhausted within the drain.
ops_env() {
  export METERLINE_WEBHOOKS_ALLOW_PRIVATE=true METERLINE_WEBHOOKS_EVERY=1s
  export METERLINE_WEBHOOKS_MAX_ATTEMPTS="$OPS_ATTEMPTS" METERLINE_WEBHOOKS_INITIAL_BACKOFF=1s
  export METERLINE_WEBHOOKS_BACKOFF_MULTIPLIER=2 METERLINE_WEBHOOKS_MAX_BACKOFF=8s
  # the grants and renewal jobs (default: every minute, longer than a scenario) several times during each fault
  export METERLINE_AGGREGATION_GRANTS_CRON="${CHAOS_GRANTS_CRON:-* * * * * ?}"
  export METERLINE_AGGREGATION_RENEWALS_CRON="${CHAOS_RENEWALS_CRON:-*/2 * * * * ?}"
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
  # auto top-up threshold (CHAOS_TOP_UP_GAP) about 3 s of a customer's burn below its balance (an event costs about 5
  # credits), so the load crosses it several times: 1,500 credits in the reduced run, 2,500 in the full one
  # shellcheck disable=SC2086 # FAST_START is a list of JVM options
  java -Xmx128m $FAST_START -jar "$ML_ROOT/loadgen/target/meterline-loadgen.jar" --credit-ops --url "$ML_API_URL" \
    --customers-file "$SDIR/customers.txt" --rate "$OPS_RATE" --duration "$1" --model "${MODELS%%,*}" \
    ${WH_OK:+--webhook-endpoint "$WH_OK"} --ids "$PREFIX" --retry-for 150 --timeout 30 \
    --expiring-grants "$GRANT_LIFE" --auto-top-up "${CHAOS_TOP_UP_GAP:-$((RATE * 15 / CUSTOMERS))}" --plan chaos \
    --outcomes "$SDIR/ops.tsv" --events "$SDIR/ops-events.tsv" >"$SDIR/ops.txt" 2>"$SDIR/ops.err" &
  OPS_PID=$!
}

# After the event load: the operations decided, then the deliveries final (at most 120 s), then the counts.
ops_end() {
  local status=0
  wait "$OPS_PID" || status=$?
  OPS_PID=""
  [ $status -eq 0 ] || { cat "$SDIR/ops.err" >&2; ml_die "the credit operations failed ($status)"; }
  # the jobs done with the scenario: no grant past its expiry still ACTIVE, no subscription period due (at most 60 s)
  local deadline=$((SECONDS + 60))
  while [ $SECONDS -lt $deadline ] && [ "$(ml_psql "$DB" "SELECT (SELECT count(*) FROM credit_grants
      WHERE customer_id LIKE '$PREFIX%' AND state = 'ACTIVE' AND expires_at <= now()) + (SELECT count(*)
      FROM subscriptions WHERE customer_id LIKE '$PREFIX%' AND status = 'ACTIVE' AND next_period_start <= now())")" != 0 ]; do
    sleep 1
  done
  [ -n "$WH_OK" ] || return 0
  deadline=$((SECONDS + 120))
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
  FROM wallet_transactions t WHERE customer_id LIKE '$PREFIX%' AND (type IN ('CHARGE', 'REFUND')
    OR type = 'GRANT' AND EXISTS (SELECT 1 FROM stored s WHERE s.kind = 'grant' AND s.customer_id = t.customer_id
                                  AND t.idempotency_key = 'grant:' || s.id)) GROUP BY 1;
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

# jobs_psql: the scheduled jobs' counts, three lines
#   'expiry|grants past expiry|short-lived|expired|EXPIRE rows|partly used|violations|stray EXPIRE rows'
#     every grant of the scenario past its expires_at (short-lived grants, past plan periods): EXPIRED, nothing
#     left, and exactly one EXPIRE row of minus its unused remainder (what its other ledger rows left) when that is
#     above 0, none when 0; stray = EXPIRE rows of no such grant
#   'topups|customers|requests|twice|missing|records off|answered|unanswered'
#     the ledger of each auto top-up wallet cut at its re-arming rows (TOP_UP, GRANT): at most one request per
#     piece (twice), at least one in a piece with a debit taking the balance below the threshold (missing); a
#     request counts in the piece of its ledger_seq; records off: requests without exactly one wallet.top_up_requested
#     delivery per endpoint of the customer; answered: requests whose grant (grant_id = request id) is stored
#   'renewals|subscribed (acked)|stored|periods|expected periods|plan grants|violations|lost'
#     per subscription: its periods as many as the boundaries from starts_at to now say (computed here from
#     starts_at and anchor_day), each with one PLAN grant of credits + carried and one GRANT row, no other PLAN grant
#   then 'op|kind|refused|unknown|lost' for the jobs' own operations (plan, subscription, auto-top-up, top-up)
jobs_psql() {
  outcomes_psql <<SQL
CREATE TEMP TABLE op (kind text, customer_id text, id text, code char(1), status int, attempts int);
\\copy op FROM '$SDIR/ops.tsv'
CREATE TEMP TABLE x AS
  SELECT g.customer_id, g.grant_id, g.state, g.remaining, g.amount,
         (SELECT coalesce(sum(a.amount), 0) FROM ledger_allocations a JOIN wallet_transactions t ON t.id = a.tx_id
          WHERE a.customer_id = g.customer_id AND a.grant_id = g.grant_id AND t.type <> 'EXPIRE') AS unused,
         e.n AS expire_rows, e.total AS expired
  FROM credit_grants g,
       LATERAL (SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM wallet_transactions t
                WHERE t.customer_id = g.customer_id AND t.type = 'EXPIRE' AND t.idempotency_key = 'expire:' || g.grant_id) e
  WHERE g.customer_id LIKE '$PREFIX%' AND g.expires_at <= now();
SELECT 'expiry', count(*), count(*) FILTER (WHERE grant_id LIKE 'x-%'), count(*) FILTER (WHERE state = 'EXPIRED'),
       coalesce(sum(expire_rows), 0), count(*) FILTER (WHERE unused > 0 AND unused < amount),
       count(*) FILTER (WHERE state <> 'EXPIRED' OR remaining <> 0 OR expire_rows <> (unused > 0)::int
                        OR expired <> -unused),
       (SELECT count(*) FROM wallet_transactions t WHERE t.customer_id LIKE '$PREFIX%' AND t.type = 'EXPIRE'
        AND NOT EXISTS (SELECT 1 FROM x WHERE x.customer_id = t.customer_id AND t.idempotency_key = 'expire:' || x.grant_id))
FROM x;
CREATE TEMP TABLE w AS SELECT customer_id, auto_top_up_threshold AS threshold FROM wallets
  WHERE customer_id LIKE '$PREFIX%' AND auto_top_up_threshold IS NOT NULL;
CREATE TEMP TABLE req AS SELECT r.customer_id, r.request_id, r.ledger_seq FROM top_up_requests r JOIN w USING (customer_id);
CREATE TEMP TABLE piece AS
  SELECT customer_id, seq AS from_seq, lead(seq) OVER (PARTITION BY customer_id ORDER BY seq) AS to_seq
  FROM wallet_transactions JOIN w USING (customer_id) WHERE type IN ('TOP_UP', 'GRANT') AND amount > 0;
CREATE TEMP TABLE pc AS
  SELECT p.*, (SELECT count(*) FROM req r WHERE r.customer_id = p.customer_id AND r.ledger_seq >= p.from_seq
               AND (p.to_seq IS NULL OR r.ledger_seq < p.to_seq)) AS requests,
         EXISTS (SELECT 1 FROM wallet_transactions t JOIN w USING (customer_id) WHERE t.customer_id = p.customer_id
                 AND t.seq > p.from_seq AND (p.to_seq IS NULL OR t.seq < p.to_seq) AND t.amount < 0
                 AND t.balance_after < w.threshold) AS crossed
  FROM piece p;
SELECT 'topups', (SELECT count(*) FROM w), (SELECT count(*) FROM req),
       (SELECT count(*) FILTER (WHERE requests > 1) FROM pc)
         + (SELECT count(*) FROM req) - (SELECT coalesce(sum(requests), 0) FROM pc),
       (SELECT count(*) FILTER (WHERE crossed AND requests = 0) FROM pc),
       (SELECT count(*) FROM req r WHERE
          (SELECT count(*) FROM webhook_deliveries d WHERE d.customer_id = r.customer_id
           AND d.event_type = 'wallet.top_up_requested' AND d.body::json -> 'data' ->> 'request_id' = r.request_id)
          <> (SELECT count(*) FROM webhook_endpoints e WHERE e.customer_id = r.customer_id)),
       (SELECT count(*) FROM req r WHERE EXISTS (SELECT 1 FROM credit_grants g WHERE g.customer_id = r.customer_id
                                                AND g.grant_id = r.request_id)),
       (SELECT count(*) FROM req r WHERE NOT EXISTS (SELECT 1 FROM credit_grants g WHERE g.customer_id = r.customer_id
                                                    AND g.grant_id = r.request_id));
CREATE TEMP TABLE s AS
  SELECT s.id, s.customer_id,
         (SELECT count(*) FROM subscription_periods p WHERE p.subscription_id = s.id) AS periods,
         CASE WHEN s.starts_at > now() THEN 0 ELSE 1 + (
           SELECT count(*) FROM generate_series(date_trunc('month', s.starts_at AT TIME ZONE 'UTC'),
                                                now() AT TIME ZONE 'UTC', interval '1 month') m,
                LATERAL (SELECT (m + (least(s.anchor_day, extract(day FROM m + interval '1 month' - interval '1 day')::int)
                                      - 1) * interval '1 day') AT TIME ZONE 'UTC' AS b) x
           WHERE x.b > s.starts_at AND x.b <= now()) END AS expected,
         (SELECT count(*) FROM subscription_periods p WHERE p.subscription_id = s.id AND 1 <> (
            SELECT count(*) FROM credit_grants g WHERE g.customer_id = p.customer_id AND g.grant_id = p.grant_id
            AND g.source = 'PLAN' AND g.amount = p.credits + p.carried)) AS bad_grants,
         (SELECT count(*) FROM subscription_periods p WHERE p.subscription_id = s.id AND 1 <> (
            SELECT count(*) FROM wallet_transactions t WHERE t.customer_id = p.customer_id AND t.type = 'GRANT'
            AND t.idempotency_key = 'grant:' || p.grant_id)) AS bad_rows
  FROM subscriptions s WHERE s.customer_id LIKE '$PREFIX%';
SELECT 'renewals', (SELECT count(DISTINCT id) FILTER (WHERE code = 'A') FROM op WHERE kind = 'subscription'),
       count(*), coalesce(sum(periods), 0), coalesce(sum(expected), 0),
       (SELECT count(*) FROM credit_grants WHERE customer_id LIKE '$PREFIX%' AND source = 'PLAN'),
       count(*) FILTER (WHERE periods <> expected OR bad_grants > 0 OR bad_rows > 0)
         + (SELECT count(*) FROM credit_grants g WHERE g.customer_id LIKE '$PREFIX%' AND g.source = 'PLAN'
            AND NOT EXISTS (SELECT 1 FROM subscription_periods p WHERE p.customer_id = g.customer_id
                            AND p.grant_id = g.grant_id)),
       (SELECT count(DISTINCT customer_id) FROM op WHERE kind = 'subscription' AND code = 'A' AND NOT EXISTS
          (SELECT 1 FROM s WHERE s.customer_id = op.customer_id))
FROM s;
SELECT 'op', k.kind, (SELECT count(*) FROM op WHERE op.kind = k.kind AND code = 'R'),
       (SELECT count(*) FROM op WHERE op.kind = k.kind AND code = 'U'),
       CASE k.kind WHEN 'top-up' THEN (SELECT count(*) FROM op WHERE op.kind = 'top-up' AND code = 'A' AND NOT EXISTS
            (SELECT 1 FROM credit_grants g WHERE g.customer_id = op.customer_id AND g.grant_id = op.id
             AND g.source = 'PURCHASE')) ELSE 0 END
FROM (VALUES ('plan'), ('subscription'), ('auto-top-up'), ('top-up')) k (kind);
SQL
}

# The scenario's scheduled-jobs row: printed, kept for table.md; FAILED set when a count is off.
jobs_report() {
  local tag a b c d e f g ok=PASS problems=() notes=() expiry topups renewals
  while IFS='|' read -r tag a b c d e f g; do
    case "$tag" in
      expiry)
        expiry="$a past expiry ($b short-lived, $e partly used), $c expired, $d EXPIRE rows, $f wrong, $g stray"
        [ "$f" = 0 ] && [ "$g" = 0 ] || problems+=("expiry: $f grants not expired exactly once, $g stray EXPIRE rows") ;;
      topups)
        topups="$a wallets, $b requests ($f answered), $c twice, $d missing, $e records off"
        [ "$c" = 0 ] && [ "$d" = 0 ] && [ "$e" = 0 ] || problems+=("top-ups: $c twice, $d missing, $e records off")
        [ "$b" != 0 ] || problems+=("top-ups: no request (the load crossed no threshold)")
        [ "$g" = 0 ] || notes+=("$g requests unanswered at the end") ;;
      renewals)
        renewals="$b subscriptions ($a acked), $c periods of $d expected, $e PLAN grants, $f wrong, $g lost"
        [ "$f" = 0 ] && [ "$g" = 0 ] && [ "$c" = "$d" ] && [ "$e" = "$c" ] || problems+=("renewals: $f wrong, $g lost")
        [ "$c" != 0 ] || problems+=("renewals: no period issued") ;;
      op)
        [ "$b" = 0 ] && [ "$d" = 0 ] || problems+=("$a: $b refused, $d lost")
        [ "$c" = 0 ] || notes+=("$a: $c unknown") ;;
    esac
  done < <(jobs_psql)
  if [ ${#problems[@]} -gt 0 ]; then ok=FAIL; FAILED=true; fi
  local why
  why=$(IFS=';'; echo "${problems[*]}${problems[*]:+${notes[*]:+; }}${notes[*]}")
  printf '  jobs: expiry %s; top-ups %s; renewals %s: %s%s\n' "$expiry" "$topups" "$renewals" "$ok" "${why:+ ($why)}" >&2
  JOBS_ROWS+=("| $SCENARIO | $expiry | $topups | $renewals | $ok | $why |")
}

# The third table of table.md
jobs_table() {
  [ ${#JOBS_ROWS[@]} -gt 0 ] || return 0
  {
    echo
    echo "Scheduled credit jobs (grants job every second, renewal job every 2 s): grant expiry, auto top-up, renewals"
    echo
    echo "| scenario | grant expiry | auto top-up | renewals | result | problems; notes |"
    echo "|---|---|---|---|---|---|"
    printf '%s\n' "${JOBS_ROWS[@]}"
  } >>"$OUT/table.md"
}
