-- Spend control (plans issue): the columns every later part builds on, landed first so that reservations (V24),
-- auto top-up (V25) and the balance views agree on them.
--   spend_mode  SOFT: usage and charges may take the balance negative (the behaviour before this migration).
--               HARD: a charge or a reservation that exceeds the available balance is refused (402); metered
--               usage is still billed, since it already happened.
--   held        credits held by open reservations; available = balance - held. Written only by the ledger
--               component's hold functions (see io.meterline.common.ledger.Ledger), under the wallet lock.
ALTER TABLE wallets
    ADD COLUMN spend_mode TEXT NOT NULL DEFAULT 'SOFT' CHECK (spend_mode IN ('SOFT', 'HARD')),
    ADD COLUMN held NUMERIC(38,18) NOT NULL DEFAULT 0 CHECK (held >= 0);
