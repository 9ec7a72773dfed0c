package io.meterline.cost;

import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.sql;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A rate correction with re-rating as PUT /v1/admin/rates {"rerate": true} stores it (ingestion-api RateService):
 * the versions of the key overlapping the window are superseded by the job, their parts outside the window stored
 * again, the corrected version stored for the window, and the job row created.
 */
final class RerateFixtures {

    private RerateFixtures() {
    }

    static UUID correct(String provider, String model, String costType, String price, Instant from, Instant until) {
        UUID job = UUID.randomUUID();
        List<List<Object>> replaced = rows("""
                UPDATE provider_rates SET superseded_by = ?
                WHERE provider = ? AND lower(model) = lower(?) AND cost_type = ? AND superseded_by IS NULL
                  AND valid_from < coalesce(?::timestamptz, 'infinity') AND (valid_until IS NULL OR valid_until > ?::timestamptz)
                RETURNING price_usd, unit_size, valid_from, valid_until
                """, job, provider, model, costType, text(until), text(from));
        for (List<Object> old : replaced) {
            String oldPrice = ((BigDecimal) old.get(0)).toPlainString();
            long unit = ((Number) old.get(1)).longValue();
            Instant oldFrom = ((Timestamp) old.get(2)).toInstant();
            Instant oldUntil = old.get(3) == null ? null : ((Timestamp) old.get(3)).toInstant();
            if (oldFrom.isBefore(from)) {
                rate(provider, model, costType, oldPrice, unit, oldFrom, from);
            }
            if (until != null && (oldUntil == null || oldUntil.isAfter(until))) {
                rate(provider, model, costType, oldPrice, unit, until, oldUntil);
            }
        }
        rate(provider, model, costType, price, 1_000_000, from, until);
        return job(job, provider, model, from, until);
    }

    /** A job over the window, without a rate change (what a repeated correction creates). */
    static UUID job(UUID id, String provider, String model, Instant from, Instant until) {
        sql("""
                INSERT INTO rerate_jobs (id, scope_provider, scope_model, scope_from, scope_until)
                VALUES (?, ARRAY[?], ARRAY[?], ARRAY[?::timestamptz], ARRAY[?::timestamptz])
                """, id, provider, model, text(from), text(until));
        return id;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
