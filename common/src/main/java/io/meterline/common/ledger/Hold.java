package io.meterline.common.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A reservation as stored (table {@code reservations}): {@code estimate} credits held from {@code createdAt} until
 * it closes (SETTLED by the item {@code settledKind}/{@code settledId} that cost {@code settledAmount}, RELEASED, or
 * EXPIRED at {@code expiresAt}). {@code metadata} is JSON text or null.
 */
public record Hold(String customerId, String reservationId, BigDecimal estimate, String featureId, String metadata,
        String status, Instant expiresAt, BigDecimal settledAmount, String settledKind, String settledId,
        Instant createdAt, Instant closedAt) {

    /** From a row with the reservation's columns (metadata as text); customer and id given by the caller. */
    public static Hold from(Row row, String customerId, String reservationId) {
        return new Hold(customerId, reservationId, row.getBigDecimal("estimate"), row.getString("feature_id"),
                row.getString("metadata"), row.getString("status"), instant(row, "expires_at"),
                row.getBigDecimal("settled_amount"), row.getString("settled_kind"), row.getString("settled_id"),
                instant(row, "created_at"), instant(row, "closed_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
