package io.meterline.sdk;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A reservation (a hold of {@code estimate} credits) as the API shows it: status {@code OPEN}, {@code SETTLED} (by
 * the first usage event or charge naming it: {@code settledByKind} "event" or "charge", {@code settledById}),
 * {@code RELEASED} or {@code EXPIRED}. The wallet figures ({@code balance}, {@code held}, {@code available},
 * {@code spendMode}) come with the answer of {@code reserve}; fields the API did not send are null. {@code created}
 * is true for the answer that took the hold (201).
 */
public record Reservation(String reservationId, String customerId, BigDecimal estimate, String status,
                          String featureId, String expiresAt, String createdAt, BigDecimal settledAmount,
                          String settledByKind, String settledById, String closedAt, BigDecimal balance,
                          BigDecimal held, BigDecimal available, String spendMode, boolean created) {

    static Reservation from(JsonNode n, boolean created) {
        JsonNode by = n.path("settled_by");
        return new Reservation(Json.text(n, "reservation_id"), Json.text(n, "customer_id"), Json.decimal(n, "estimate"),
                Json.text(n, "status"), Json.text(n, "feature_id"), Json.text(n, "expires_at"),
                Json.text(n, "created_at"), Json.decimal(n, "settled_amount"), Json.text(by, "kind"),
                Json.text(by, "id"), Json.text(n, "closed_at"), Json.decimal(n, "balance"), Json.decimal(n, "held"),
                Json.decimal(n, "available"), Json.text(n, "spend_mode"), created);
    }
}
