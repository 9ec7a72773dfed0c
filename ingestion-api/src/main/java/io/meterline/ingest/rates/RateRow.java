package io.meterline.ingest.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code provider_rates}. */
public record RateRow(long id, String provider, String model, String costType, BigDecimal priceUsd, long unitSize,
        List<String> aliases, Instant validFrom, Instant validUntil, String source, Instant createdAt) {

    static RateRow from(Row row) {
        OffsetDateTime until = row.getOffsetDateTime("valid_until");
        String[] aliases = row.getArrayOfStrings("aliases");
        return new RateRow(row.getLong("id"), row.getString("provider"), row.getString("model"),
                row.getString("cost_type"), row.getBigDecimal("price_usd"), row.getLong("unit_size"),
                aliases == null ? List.of() : List.of(aliases), row.getOffsetDateTime("valid_from").toInstant(),
                until == null ? null : until.toInstant(), row.getString("source"),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
