package io.meterline.cost.repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.meterline.cost.service.Tariff;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads customers; the admin API creates them, each with its wallet in the same transaction. */
@ApplicationScoped
public class CustomerRepository {

    /** Credits per USD comes with every batch's read, so a changed setting applies from the next batch on. */
    private static final String TARIFFS = """
            SELECT c.id, c.price_multiplier, s.credits_per_usd
            FROM customers c JOIN wallets w ON w.customer_id = c.id CROSS JOIN billing_settings s
            WHERE c.id = ANY($1)
            """;

    private final Pool pool;

    public CustomerRepository(Pool pool) {
        this.pool = pool;
    }

    /** customer id -> tariff, for the given ids that exist and have a wallet (one query per batch). */
    public Uni<Map<String, Tariff>> tariffs(Collection<String> customerIds) {
        return pool.preparedQuery(TARIFFS).execute(Tuple.of(customerIds.toArray(String[]::new))).map(rows -> {
            Map<String, Tariff> tariffs = new HashMap<>(rows.size() * 2);
            for (Row row : rows) {
                tariffs.put(row.getString("id"), new Tariff(row.getBigDecimal("price_multiplier").stripTrailingZeros(),
                        row.getBigDecimal("credits_per_usd").stripTrailingZeros()));
            }
            return tariffs;
        });
    }
}
