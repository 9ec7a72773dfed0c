package io.meterline.cost.repository;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.meterline.common.ledger.Ledger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Burns by construction: the statements that write usage rows (a batch's INSERT, a re-pricing UPDATE) end with
 * {@link #burnCharged}, which sums the credits of exactly the rows their data-modifying CTE {@code charged}
 * returned and posts one BURN row per wallet through the {@link Ledger} in the same statement. A PRICED row
 * therefore always has a BURN row whose amount includes it, and a row the statement did not write (a conflict,
 * a lost race) is never burned: there is no key set matched in Java between the write and the burn.
 *
 * <p>Usage rows carry the id of their BURN row, taken from the identity sequence by {@link #allocateLedgerIds}
 * before the statement (one per paying customer); {@code ledger_post} writes the BURN row under that id.
 */
@ApplicationScoped
public class WalletRepository {

    private static final String ALLOCATE_LEDGER_IDS = """
            SELECT nextval(pg_get_serial_sequence('wallet_transactions', 'id')) AS id FROM generate_series(1, $1)
            """;

    /**
     * The tail of a statement whose CTE {@code charged(customer_id, dedup_key, status, credits, ledger_tx_id)}
     * holds the usage rows it wrote. Returns those rows' keys (kind 'U') and the BURN rows posted (kind 'L').
     */
    static String burnCharged(String description) {
        return """
                , burn AS (
                    SELECT customer_id, min(ledger_tx_id) AS ledger_id, sum(credits) AS credits, count(*)::int AS events
                    FROM charged WHERE status = 'PRICED' GROUP BY customer_id
                ), postings AS (
                    SELECT array_agg(customer_id ORDER BY customer_id) AS customers,
                           array_agg('BURN'::text ORDER BY customer_id) AS types,
                           array_agg(-credits ORDER BY customer_id) AS amounts,
                           array_agg('burn:' || ledger_id ORDER BY customer_id) AS keys,
                           array_agg('%s'::text ORDER BY customer_id) AS descriptions,
                           array_agg(events ORDER BY customer_id) AS counts,
                           array_agg(ledger_id ORDER BY customer_id) AS ids
                    FROM burn
                ), posted AS (
                    SELECT l.* FROM postings p,
                        LATERAL %s(p.customers, p.types, p.amounts, p.keys, p.descriptions, p.counts, p.ids) l
                )
                SELECT 'U' AS kind, customer_id, dedup_key, NULL::bigint AS id, NULL::numeric AS balance_before,
                       NULL::numeric AS balance_after, NULL::timestamptz AS created_at,
                       NULL::numeric AS low_balance_threshold
                FROM charged
                UNION ALL
                SELECT 'L', customer_id, NULL, id, balance_before, balance_after, created_at, low_balance_threshold
                FROM posted
                """.formatted(description, Ledger.FUNCTION);
    }

    /** What a statement ending in {@link #burnCharged} wrote: the usage keys and the BURN rows. */
    public record Charged(Set<String> keys, List<BurnRow> burns) {
    }

    static Charged charged(RowSet<Row> rows) {
        Set<String> keys = new HashSet<>(rows.size() * 2);
        List<BurnRow> burns = new ArrayList<>();
        for (Row row : rows) {
            if ("U".equals(row.getString(0))) {
                keys.add(UsageKeys.of(row.getString(1), row.getString(2)));
            } else {
                burns.add(new BurnRow(row.getString(1), row.getLong(3), row.getBigDecimal(4), row.getBigDecimal(5),
                        row.getBigDecimal(7), row.getOffsetDateTime(6).toInstant()));
            }
        }
        return new Charged(keys, burns);
    }

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
}
