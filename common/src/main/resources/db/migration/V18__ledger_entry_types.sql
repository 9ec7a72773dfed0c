-- The ledger's entry types for wave 2, declared once so the migrations that add credit operations (grants,
-- expiry, voids, charges, refunds, re-rating) do not each redefine the same check:
--   TOP_UP, ADJUSTMENT     credits (or signed corrections) from the admin API
--   BURN                   metered usage of one cost-worker batch (negative)
--   CHARGE, REFUND         direct charges and their refunds (negative, positive)
--   GRANT, EXPIRE, VOID    a credit grant becoming effective, its unused remainder expiring or being voided
--   RERATE                 the difference from pricing past usage again with a corrected rate (either sign)
ALTER TABLE wallet_transactions DROP CONSTRAINT wallet_transactions_type_check;
ALTER TABLE wallet_transactions ADD CONSTRAINT wallet_transactions_type_check CHECK (type IN (
    'TOP_UP', 'ADJUSTMENT', 'BURN', 'CHARGE', 'REFUND', 'GRANT', 'EXPIRE', 'VOID', 'RERATE'));
