package io.meterline.ingest.wallets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The allocations of these rows (ids of one customer), each row's in its order; rows without any are absent. */
    public Uni<Map<Long, List<LedgerEntryView.AllocationView>>> allocations(SqlClient sql, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return sql.preparedQuery("""
                SELECT tx_id, grant_id, amount FROM ledger_allocations WHERE tx_id = ANY($1) ORDER BY tx_id, ord
                """).execute(Tuple.of(ids.toArray(Long[]::new))).map(rows -> {
                    Map<Long, List<LedgerEntryView.AllocationView>> byRow = new HashMap<>();
                    rows.forEach(row -> byRow.computeIfAbsent(row.getLong("tx_id"), id -> new ArrayList<>())
                            .add(new LedgerEntryView.AllocationView(row.getString("grant_id"),
                                    row.getBigDecimal("amount"))));
                    return byRow;
                });
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
