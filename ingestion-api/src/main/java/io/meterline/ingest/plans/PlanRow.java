package io.meterline.ingest.plans;

import java.math.BigDecimal;
import java.time.Instant;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code plans}: one version of a plan. */
public record PlanRow(String planId, int version, String name, BigDecimal monthlyCredits, String rollover,
        BigDecimal rolloverMax, int grantPriority, Instant createdAt) {

    static PlanRow from(Row row) {
        return new PlanRow(row.getString("plan_id"), row.getInteger("version"), row.getString("name"),
                row.getBigDecimal("monthly_credits"), row.getString("rollover"), row.getBigDecimal("rollover_max"),
                row.getInteger("grant_priority"), row.getOffsetDateTime("created_at").toInstant());
    }

    /** Whether a request asks for exactly this version (amounts compared by value, not scale). */
    boolean sameAs(PlanRequest r, int priority) {
        return name.equals(r.name()) && monthlyCredits.compareTo(r.monthlyCredits()) == 0
                && rollover.equals(r.rollover()) && grantPriority == priority
                && (rolloverMax == null ? r.rolloverMax() == null
                        : r.rolloverMax() != null && rolloverMax.compareTo(r.rolloverMax()) == 0);
    }
}
