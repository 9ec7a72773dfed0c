package io.meterline.sdk;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A refund as the API shows it ({@code POST /v1/refunds}): of a charge ({@code chargeRequestId}) or of a usage event
 * ({@code eventId}); money exact. {@code created} is true for the answer that refunded (201), false for a replay of
 * the same refund id (200).
 */
public record Refund(String customerId, String refundId, String chargeRequestId, String eventId, BigDecimal amount,
                     String reason, String featureId, Long originalLedgerTxId, String createdAt,
                     Long ledgerTransactionId, BigDecimal balanceAfter, boolean created) {

    static Refund from(JsonNode n, boolean created) {
        JsonNode ledger = n.path("ledger_transaction");
        return new Refund(Json.text(n, "customer_id"), Json.text(n, "refund_id"), Json.text(n, "charge_request_id"),
                Json.text(n, "event_id"), Json.decimal(n, "amount"), Json.text(n, "reason"), Json.text(n, "feature_id"),
                Json.longValue(n, "original_ledger_tx_id"), Json.text(n, "created_at"), Json.longValue(ledger, "id"),
                Json.decimal(ledger, "balance_after"), created);
    }
}
