package io.meterline.ingest.wallets;

import java.util.ArrayList;
import java.util.List;

import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.LedgerEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads {@code wallet_transactions}. Rows are written only through {@link Ledger} (append-only: a trigger
 * forbids UPDATE and DELETE); the unique (customer_id, idempotency_key) constraint is the final guard against
 * crediting twice.
 */
@ApplicationScoped
public class LedgerRepository {

    private static final String COLUMNS = """
            id, customer_id, seq, type, amount, balance_before, balance_after, idempotency_key, description,
            event_count, created_at""";

    public Uni<LedgerEntry> findByKey(SqlClient sql, String customerId, String idempotencyKey) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM wallet_transactions WHERE customer_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(customerId, idempotencyKey))
                .map(rows -> rows.rowCount() == 0 ? null : LedgerEntry.from(rows.iterator().next()));
    }

    /** A customer's rows, newest (highest seq) first, before {@code beforeSeq} when given; {@code limit} at most. */
    public Uni<List<LedgerEntry>> page(SqlClient sql, String customerId, Long beforeSeq, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM wallet_transactions
                WHERE customer_id = $1 AND ($2::bigint IS NULL OR seq < $2)
                ORDER BY seq DESC LIMIT $3
                """).execute(Tuple.of(customerId, beforeSeq, limit))
                .map(rows -> {
                    List<LedgerEntry> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(LedgerEntry.from(row)));
                    return list;
                });
    }
}
