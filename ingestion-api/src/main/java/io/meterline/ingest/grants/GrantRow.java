package io.meterline.ingest.grants;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code credit_grants}. */
public record GrantRow(String customerId, String grantId, String source, int priority, BigDecimal amount,
        BigDecimal remaining, Instant effectiveAt, Instant expiresAt, String metadata, String state, String request,
        Instant createdAt, Instant closedAt) {

    static GrantRow from(Row row) {
        return new GrantRow(row.getString("customer_id"), row.getString("grant_id"), row.getString("source"),
                row.getInteger("priority"), row.getBigDecimal("amount"), row.getBigDecimal("remaining"),
                instant(row.getOffsetDateTime("effective_at")), instant(row.getOffsetDateTime("expires_at")),
                row.getString("metadata"), row.getString("state"), row.getString("request"),
                instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("closed_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
