package io.meterline.sdk;

import java.math.BigDecimal;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A direct charge as the API shows it ({@code POST /v1/charges}, {@code GET /v1/charges/{request_id}}): status
 * {@code CHARGED}, {@code PARTIALLY_REFUNDED} or {@code REFUNDED}; money exact. {@code created} is true for the
 * answer that charged (201), false for a replay of the same request id (200). The ledger row's id and balance after
 * are null when the API did not send them; {@code reservationId} is the reservation the charge names, if any.
 */
public record Charge(String customerId, String requestId, String status, BigDecimal amount, BigDecimal refundedAmount,
                     String featureId, String description, Map<String, Object> metadata, String reservationId,
                     String createdAt, Long ledgerTransactionId, BigDecimal balanceAfter, boolean created) {

    static Charge from(JsonNode n, boolean created) {
        JsonNode ledger = n.path("ledger_transaction");
        return new Charge(Json.text(n, "customer_id"), Json.text(n, "request_id"), Json.text(n, "status"),
                Json.decimal(n, "amount"), Json.decimal(n, "refunded_amount"), Json.text(n, "feature_id"),
                Json.text(n, "description"), Json.map(n, "metadata"), Json.text(n, "reservation_id"),
                Json.text(n, "created_at"), Json.longValue(ledger, "id"), Json.decimal(ledger, "balance_after"), created);
    }
}
