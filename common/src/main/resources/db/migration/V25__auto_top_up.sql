-- Auto top-up requests (issue 13), part of the ledger component (see io.meterline.common.ledger.Ledger).
-- A wallet may carry auto_top_up (threshold, target), target > threshold >= 0, both credits; NULL = off.
-- When its available balance (balance - held) drops below the threshold, exactly one request is decided, in the
-- transaction of the write that made it drop, whatever that write is (a burn inside the cost worker's set-based
-- statement, a charge, a hold): the decision is a trigger on wallets, which no path can bypass.
--
--   armed      top_up_requested_id IS NULL. A drop of available to below the threshold writes one request:
--              a top_up_requests row, a TOP_UP_REQUESTED record for the wallet-alerts topic (via the outbox
--              below) and the wallet.top_up_requested webhook deliveries, and sets top_up_requested_id.
--   requested  top_up_requested_id = the request id. Further drops request nothing.
--   re-armed   by a ledger row of type TOP_UP or GRANT (always credits): the receiving system's grant (grant_id =
--              the request id), any other grant becoming effective, an admin top-up. Refunds, positive
--              adjustments, re-rating credits and released holds do not re-arm: they give back what was spent,
--              they are not a purchase. Configuration changes neither fire nor re-arm.
-- amount = target - available (= target - balance when nothing is held), always > 0 since available < threshold
-- < target: the credits that bring the available balance back to the target.

ALTER TABLE wallets
    ADD COLUMN auto_top_up_threshold NUMERIC(38,18),
    ADD COLUMN auto_top_up_target NUMERIC(38,18),
    ADD COLUMN top_up_requested_id TEXT,
    ADD CONSTRAINT wallets_auto_top_up CHECK ((auto_top_up_threshold IS NULL) = (auto_top_up_target IS NULL)
        AND (auto_top_up_threshold IS NULL
             OR (auto_top_up_threshold >= 0 AND auto_top_up_target > auto_top_up_threshold)));

-- Every request ever decided, with the wallet as it was. ledger_seq is the wallet's ledger_seq at the decision
-- (the seq of the row that crossed, or of the last row when a hold crossed): the audit checks that between two
-- requests of a wallet a re-arming row was posted (top_up_once_per_crossing). request_id is a valid grant_id.
CREATE TABLE top_up_requests (
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    request_id   TEXT NOT NULL UNIQUE CHECK (request_id ~ '^tur_[0-9a-f]{32}$'),
    amount       NUMERIC(38,18) NOT NULL CHECK (amount > 0),
    threshold    NUMERIC(38,18) NOT NULL,
    target       NUMERIC(38,18) NOT NULL,
    balance      NUMERIC(38,18) NOT NULL,
    held         NUMERIC(38,18) NOT NULL,
    ledger_seq   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, request_id)
);

-- The outbox of wallet_movement_outbox now carries every wallet record for Kafka, each naming its stream (the
-- default topic name, mapped to the configured topic by the drain): wallet-movements (charges, refunds) and
-- wallet-alerts (top-up requests). One drain publishes both (ingestion-api MovementDrain).
ALTER TABLE wallet_movement_outbox
    ADD COLUMN stream TEXT NOT NULL DEFAULT 'wallet-movements' CHECK (stream IN ('wallet-movements', 'wallet-alerts'));

-- The webhook fan-out, one definition for Java (io.meterline.common.webhook.WebhookOutbox) and SQL (the trigger
-- below): one delivery per enabled endpoint subscribed to the type, the customer's own and the global ones;
-- answers how many deliveries were written.
CREATE FUNCTION webhook_fan_out(p_message_id TEXT[], p_customer TEXT[], p_type TEXT[], p_body TEXT[])
RETURNS INTEGER LANGUAGE sql VOLATILE AS $$
    WITH written AS (
        INSERT INTO webhook_deliveries (id, endpoint_id, message_id, event_type, customer_id, body, status,
                                        next_attempt_at)
        SELECT gen_random_uuid(), e.id, ev.message_id, ev.type, ev.customer_id, ev.body, 'PENDING', now()
        FROM unnest(p_message_id, p_customer, p_type, p_body) AS ev(message_id, customer_id, type, body)
        JOIN webhook_endpoints e ON e.enabled
             AND (e.customer_id IS NULL OR e.customer_id = ev.customer_id)
             AND (ev.type = ANY (e.event_types) OR '*' = ANY (e.event_types))
        ON CONFLICT (endpoint_id, message_id) DO NOTHING
        RETURNING 1)
    SELECT count(*)::int FROM written
$$;

-- Decides a request: runs under the wallet's row lock (the UPDATE holds it), so two concurrent writes that both
-- cross see each other's top_up_requested_id and only the first requests. Called only through the trigger's WHEN
-- (auto top-up on, armed, available dropped and is below the threshold): for every other wallet update, the
-- burn's included, the cost is that one expression.
CREATE FUNCTION ledger_request_top_up() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    request   TEXT := 'tur_' || replace(gen_random_uuid()::text, '-', '');
    available NUMERIC(38,18) := NEW.balance - NEW.held;
    amount    NUMERIC(38,18) := NEW.auto_top_up_target - (NEW.balance - NEW.held);
    at        TEXT := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    data      JSON;
BEGIN
    NEW.top_up_requested_id := request;
    INSERT INTO top_up_requests (customer_id, request_id, amount, threshold, target, balance, held, ledger_seq)
    VALUES (NEW.customer_id, request, amount, NEW.auto_top_up_threshold, NEW.auto_top_up_target, NEW.balance,
            NEW.held, NEW.ledger_seq);
    data := json_build_object('request_id', request, 'customer_id', NEW.customer_id, 'amount', amount::text,
                              'threshold', NEW.auto_top_up_threshold::text, 'target', NEW.auto_top_up_target::text,
                              'balance', NEW.balance::text, 'held', NEW.held::text, 'available', available::text,
                              'ledger_seq', NEW.ledger_seq);
    INSERT INTO wallet_movement_outbox (customer_id, stream, payload)
    VALUES (NEW.customer_id, 'wallet-alerts', json_build_object(
            'schema_version', 1, 'alert_id', request, 'type', 'TOP_UP_REQUESTED', 'customer_id', NEW.customer_id,
            'request_id', request, 'amount', amount::text, 'threshold', NEW.auto_top_up_threshold::text,
            'target', NEW.auto_top_up_target::text, 'balance', NEW.balance::text, 'held', NEW.held::text,
            'available', available::text, 'ledger_seq', NEW.ledger_seq, 'occurred_at', at)::text);
    PERFORM webhook_fan_out(ARRAY['msg_' || replace(gen_random_uuid()::text, '-', '')], ARRAY[NEW.customer_id],
                            ARRAY['wallet.top_up_requested'],
                            ARRAY[json_build_object('type', 'wallet.top_up_requested', 'timestamp', at,
                                                    'data', data)::text]);
    RETURN NEW;
END $$;

CREATE TRIGGER wallets_auto_top_up BEFORE UPDATE OF balance, held ON wallets FOR EACH ROW
    WHEN (NEW.auto_top_up_threshold IS NOT NULL AND NEW.top_up_requested_id IS NULL
          AND NEW.balance - NEW.held < NEW.auto_top_up_threshold
          AND NEW.balance - NEW.held < OLD.balance - OLD.held)
    EXECUTE FUNCTION ledger_request_top_up();

-- Re-arms after a TOP_UP or GRANT row. Runs after ledger_post's statement, in its transaction and under its lock;
-- it does not touch balance or held, so it never decides a request itself.
CREATE FUNCTION ledger_rearm_top_up() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE wallets SET top_up_requested_id = NULL
    WHERE customer_id = NEW.customer_id AND top_up_requested_id IS NOT NULL;
    RETURN NULL;
END $$;

CREATE TRIGGER wallet_transactions_rearm_top_up AFTER INSERT ON wallet_transactions FOR EACH ROW
    WHEN (NEW.type IN ('TOP_UP', 'GRANT') AND NEW.amount > 0)
    EXECUTE FUNCTION ledger_rearm_top_up();
