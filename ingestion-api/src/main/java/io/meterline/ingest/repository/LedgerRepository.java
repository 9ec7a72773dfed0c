package io.meterline.ingest.repository;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code wallet_transactions}. Rows are only ever inserted (a trigger forbids UPDATE and DELETE);
 * the unique (customer_id, idempotency_key) constraint is the final guard against crediting twice.
 */
@ApplicationScoped
public class LedgerRepository {

    private static final String COLUMNS = """
            id, customer_id, type, amount, balance_before, balance_after, idempotency_key, description, event_count,
            created_at""";

    public Uni<LedgerRow> findByKey(SqlClient sql, String customerId, String idempotencyKey) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM wallet_transactions WHERE customer_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(customerId, idempotencyKey))
                .map(rows -> rows.rowCount() == 0 ? null : LedgerRow.from(rows.iterator().next()));
    }

    /** Appends a row; before + amount = after is checked by the table too. Fails with 23505 on a reused key. */
    public Uni<LedgerRow> insert(SqlClient tx, String customerId, String type, BigDecimal amount,
            BigDecimal balanceBefore, BigDecimal balanceAfter, String idempotencyKey, String description) {
        return tx.preparedQuery("""
                INSERT INTO wallet_transactions
                    (customer_id, type, amount, balance_before, balance_after, idempotency_key, description)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                RETURNING\s""" + COLUMNS)
                .execute(Tuple.from(Arrays.asList(customerId, type, amount, balanceBefore, balanceAfter, idempotencyKey,
                        description)))
                .map(rows -> LedgerRow.from(rows.iterator().next()));
    }

    /** A customer's rows, newest first, older than {@code beforeId} when given; {@code limit} rows at most. */
    public Uni<List<LedgerRow>> page(SqlClient sql, String customerId, Long beforeId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM wallet_transactions
                WHERE customer_id = $1 AND ($2::bigint IS NULL OR id < $2)
                ORDER BY id DESC LIMIT $3
                """).execute(Tuple.of(customerId, beforeId, limit))
                .map(rows -> {
                    List<LedgerRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(LedgerRow.from(row)));
                    return list;
                });
    }
}
