package io.meterline.ingest.customers;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.meterline.ingest.wallets.WalletRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** SQL on {@code customers}; reads join the wallet. Methods take the client so they can join a transaction. */
@ApplicationScoped
public class CustomerRepository {

    private static final String SELECT = """
            SELECT c.id, c.name, c.email, c.price_multiplier, c.time_zone, c.created_at,
                   w.customer_id, w.balance, w.low_balance_threshold, w.updated_at, w.overdraft, w.spend_mode,
                   w.auto_top_up_threshold, w.auto_top_up_target, w.top_up_requested_id,
                   %s
            FROM customers c LEFT JOIN wallets w ON w.customer_id = c.id
            """.formatted(WalletRepository.LIVE_HELD);

    /** The new customer (without wallet), or null when the id is taken. */
    public Uni<CustomerRow> insertIfAbsent(SqlClient sql, String id, String name, String email, BigDecimal multiplier,
            String timeZone) {
        return sql.preparedQuery("""
                INSERT INTO customers (id, name, email, price_multiplier, time_zone) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (id) DO NOTHING
                RETURNING id, name, email, price_multiplier, time_zone, created_at
                """).execute(Tuple.of(id, name, email, multiplier, timeZone))
                .map(rows -> rows.rowCount() == 0 ? null : CustomerRow.from(rows.iterator().next(), false));
    }

    /** The customer with its wallet, or null. */
    public Uni<CustomerRow> find(SqlClient sql, String id) {
        return sql.preparedQuery(SELECT + "WHERE c.id = $1").execute(Tuple.of(id)).map(rows -> first(rows));
    }

    /** Customers ordered by id, after {@code afterId} (exclusive) when given; {@code limit} rows at most. */
    public Uni<List<CustomerRow>> list(SqlClient sql, String afterId, int limit) {
        return sql.preparedQuery(SELECT + "WHERE $1::text IS NULL OR c.id > $1 ORDER BY c.id LIMIT $2")
                .execute(Tuple.of(afterId, limit)).map(CustomerRepository::all);
    }

    /**
     * Changes the given fields (null = keep); false when there is no such customer. A changed time_zone is marked
     * for the aggregation worker by the customers_rezoned trigger (V27) in this transaction.
     */
    public Uni<Boolean> update(SqlClient sql, String id, String name, String email, BigDecimal multiplier,
            String timeZone) {
        return sql.preparedQuery("""
                UPDATE customers SET name = COALESCE($2, name), email = COALESCE($3, email),
                                     price_multiplier = COALESCE($4, price_multiplier),
                                     time_zone = COALESCE($5, time_zone)
                WHERE id = $1
                """).execute(Tuple.of(id, name, email, multiplier, timeZone)).map(rows -> rows.rowCount() == 1);
    }

    private static CustomerRow first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : CustomerRow.from(rows.iterator().next(), true);
    }

    private static List<CustomerRow> all(RowSet<Row> rows) {
        List<CustomerRow> list = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> list.add(CustomerRow.from(row, true)));
        return list;
    }
}
