package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What a refund gives back, locked for the refund's transaction: a charge (chargeRequestId) or a usage row
 * (eventId with its dedupKey). {@code cost} is what it cost in credits (the charge amount, the event's credits; null
 * for an event that is not PRICED), {@code originalLedgerTxId} its CHARGE or BURN ledger row.
 */
record RefundTarget(String chargeRequestId, UUID eventId, String dedupKey, String status, BigDecimal cost,
        String featureId, Long originalLedgerTxId) {

    boolean isCharge() {
        return chargeRequestId != null;
    }

    /** The request field that names this target, for error details. */
    String field() {
        return isCharge() ? "charge_request_id" : "event_id";
    }
}
