package io.meterline.cost.repository;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads customers; the admin API creates them, each with its wallet in the same transaction. */
@ApplicationScoped
public class CustomerRepository {

    private static final String MULTIPLIERS = """
            SELECT c.id, c.price_multiplier
            FROM customers c JOIN wallets w ON w.customer_id = c.id
            WHERE c.id = ANY($1)
            """;

    private final Pool pool;

    public CustomerRepository(Pool pool) {
        this.pool = pool;
    }

    /** customer id -> price multiplier, for the given ids that exist and have a wallet (one query per batch). */
    public Uni<Map<String, BigDecimal>> multipliers(Collection<String> customerIds) {
        return pool.preparedQuery(MULTIPLIERS).execute(Tuple.of(customerIds.toArray(String[]::new))).map(rows -> {
            Map<String, BigDecimal> multipliers = new HashMap<>(rows.size() * 2);
            for (Row row : rows) {
                multipliers.put(row.getString("id"), row.getBigDecimal("price_multiplier").stripTrailingZeros());
            }
            return multipliers;
        });
    }
}
