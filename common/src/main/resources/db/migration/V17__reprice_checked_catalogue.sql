-- Re-pricing locks an UNPRICED row only when the rate catalogue changed since the row was last found unpriceable
-- (say its model is known but no version covers its timestamp): the cost worker stores the fingerprint of the
-- catalogue it priced with here, and skips the row while its catalogue has that fingerprint.
ALTER TABLE usage_events ADD COLUMN unpriced_catalogue BIGINT;
