package io.meterline.ingest.subscriptions;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** An issued period of a subscription (a row of {@code subscription_periods}). */
public record PeriodRow(Instant periodStart, Instant periodEnd, int planVersion, BigDecimal credits,
        BigDecimal carried, String grantId) {

    static PeriodRow from(Row row) {
        return new PeriodRow(row.getOffsetDateTime("period_start").toInstant(),
                row.getOffsetDateTime("period_end").toInstant(), row.getInteger("plan_version"),
                row.getBigDecimal("credits"), row.getBigDecimal("carried"), row.getString("grant_id"));
    }
}
