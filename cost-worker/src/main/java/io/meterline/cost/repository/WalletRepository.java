package io.meterline.cost.repository;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Burns credits: one atomic UPDATE per wallet and one BURN ledger row each, all wallets of a batch in one
 * statement. Runs inside the caller's transaction.
 *
 * <p>Invariants: balance_after = balance_before + amount (checked by the table), amount = -credits, and the
 * wallet row is locked from the UPDATE to the commit, so the ledger chains. Wallets are locked in customer id
 * order first, so two transactions that burn overlapping wallets (a batch and a re-pricing pass) never deadlock.
 * The balance may go negative: usage has already happened.
 */
@ApplicationScoped
public class WalletRepository {

    private static final String ALLOCATE_LEDGER_IDS = """
            SELECT nextval(pg_get_serial_sequence('wallet_transactions', 'id')) AS id FROM generate_series(1, $1)
            """;

    private static final String LOCK = """
            SELECT customer_id FROM wallets WHERE customer_id = ANY($1) ORDER BY customer_id FOR NO KEY UPDATE
            """;

    private static final String BURN = """
            WITH b AS (
                SELECT * FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::int4[])
                    AS b(customer_id, ledger_id, credits, event_count)
            ), w AS (
                UPDATE wallets w SET balance = w.balance - b.credits::numeric, updated_at = now()
                FROM b WHERE w.customer_id = b.customer_id
                RETURNING w.customer_id, b.ledger_id, b.event_count, b.credits::numeric AS credits,
                          w.balance AS balance_after, w.low_balance_threshold
            ), l AS (
                INSERT INTO wallet_transactions (id, customer_id, type, amount, balance_before, balance_after,
                                                 idempotency_key, description, event_count)
                SELECT ledger_id, customer_id, 'BURN', -credits, balance_after + credits, balance_after,
                       'burn:' || ledger_id, $5, event_count
                FROM w
                RETURNING id, customer_id, balance_before, balance_after, created_at
            )
            SELECT l.id, l.customer_id, l.balance_before, l.balance_after, l.created_at, w.low_balance_threshold
            FROM l JOIN w ON w.ledger_id = l.id
            """;

    /** {@code n} ids of the ledger's identity sequence, so usage rows can carry their ledger id when inserted. */
    public Uni<long[]> allocateLedgerIds(SqlConnection conn, int n) {
        if (n == 0) {
            return Uni.createFrom().item(new long[0]);
        }
        return conn.preparedQuery(ALLOCATE_LEDGER_IDS).execute(Tuple.of(n)).map(rows -> {
            long[] ids = new long[rows.size()];
            int i = 0;
            for (Row row : rows) {
                ids[i++] = row.getLong(0);
            }
            return ids;
        });
    }

    /** Burns every wallet in {@code burns} (distinct customers); fails if a wallet is missing. */
    public Uni<List<BurnRow>> burn(SqlConnection conn, List<WalletBurn> burns, String description) {
        if (burns.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = burns.size();
        String[] customers = new String[n];
        Long[] ledgerIds = new Long[n];
        String[] credits = new String[n];
        Integer[] counts = new Integer[n];
        for (int i = 0; i < n; i++) {
            WalletBurn burn = burns.get(i);
            customers[i] = burn.customerId();
            ledgerIds[i] = burn.ledgerTxId();
            credits[i] = burn.credits().toPlainString();
            counts[i] = burn.eventCount();
        }
        return conn.preparedQuery(LOCK).execute(Tuple.of(customers))
                .chain(() -> conn.preparedQuery(BURN).execute(Tuple.of(customers, ledgerIds, credits, counts, description)))
                .map(rows -> {
                    if (rows.size() != n) {
                        throw new IllegalStateException("burned " + rows.size() + " of " + n + " wallets");
                    }
                    List<BurnRow> result = new ArrayList<>(n);
                    for (Row row : rows) {
                        result.add(new BurnRow(row.getString("customer_id"), row.getLong("id"),
                                row.getBigDecimal("balance_before"), row.getBigDecimal("balance_after"),
                                row.getBigDecimal("low_balance_threshold"),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    return result;
                });
    }
}
