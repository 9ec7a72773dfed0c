package io.meterline.cost.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.meterline.cost.service.CostType;
import io.meterline.cost.service.Rate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads provider_rates; the cost worker never writes it (the admin API does). */
@ApplicationScoped
public class RateRepository {

    private static final String ALL = """
            SELECT id, provider, model, cost_type, price_usd, unit_size, aliases, valid_from, valid_until
            FROM provider_rates
            """;

    private final Pool pool;

    public RateRepository(Pool pool) {
        this.pool = pool;
    }

    /** Every version of every rate: the table holds thousands of rows at most, so one read is cheap. */
    public Uni<List<Rate>> loadAll() {
        return pool.query(ALL).execute().map(rows -> {
            List<Rate> rates = new ArrayList<>(rows.size());
            for (Row row : rows) {
                rates.add(toRate(row));
            }
            return rates;
        });
    }

    private static Rate toRate(Row row) {
        String[] aliases = row.getArrayOfStrings("aliases");
        OffsetDateTime until = row.getOffsetDateTime("valid_until");
        return new Rate(row.getLong("id"), row.getString("provider"), row.getString("model"),
                CostType.valueOf(row.getString("cost_type")), row.getBigDecimal("price_usd").stripTrailingZeros(),
                row.getLong("unit_size"), aliases == null ? List.of() : Arrays.asList(aliases),
                row.getOffsetDateTime("valid_from").toInstant(), until == null ? null : until.toInstant());
    }
}
