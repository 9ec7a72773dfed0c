package io.meterline.ingest.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code subscriptions}, with the totals of its issued periods. */
public record SubscriptionRow(UUID id, String customerId, String planId, int anchorDay, Instant startsAt,
        Instant nextPeriodStart, Instant cancelAt, String status, Instant createdAt, Instant canceledAt,
        Instant endedAt, BigDecimal creditsGranted, long periodsIssued) {

    static SubscriptionRow from(Row row) {
        return new SubscriptionRow(row.getUUID("id"), row.getString("customer_id"), row.getString("plan_id"),
                row.getInteger("anchor_day"), instant(row.getOffsetDateTime("starts_at")),
                instant(row.getOffsetDateTime("next_period_start")), instant(row.getOffsetDateTime("cancel_at")),
                row.getString("status"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("canceled_at")), instant(row.getOffsetDateTime("ended_at")),
                row.getBigDecimal("credits_granted"), row.getLong("periods_issued"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
