package io.meterline.common.ledger;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one home of every wallet write: top-up, adjustment, burn (and, as they arrive, charge, refund, grant,
 * expiry, hold, re-rating). Java callers post through {@link #post}; set-based SQL callers (the cost worker's
 * burn, which must be computed in the statement that inserts the usage rows) call {@link #FUNCTION} inside
 * their statement. Nothing else writes {@code wallet_transactions} or {@code wallets.balance}.
 *
 * <p>The work is done by the SQL function {@code ledger_post} (migration V13), so that both services and any
 * statement share one implementation. Invariants it keeps, for every wallet:
 * <ul>
 * <li><b>Locked</b>: the wallets of one call are locked {@code FOR NO KEY UPDATE} in customer_id order (two
 * callers never deadlock), and stay locked until the caller's transaction ends.</li>
 * <li><b>Sequenced</b>: each row takes the wallet's next {@code seq} (1, 2, 3, ... without gaps) under that
 * lock, so the sequence is the order in which balances changed. Ids are not an order.</li>
 * <li><b>Chained</b>: {@code balance_before} is the balance just before the row, {@code balance_after =
 * balance_before + amount} (also a table check), read in seq order each row's balance_before is the previous
 * row's balance_after (0 for the first), and the last balance_after equals {@code wallets.balance}.</li>
 * <li><b>Append-only and once</b>: rows are never updated or deleted (trigger); (customer_id,
 * idempotency_key) is unique, so a retried write fails with 23505 instead of posting twice.</li>
 * <li><b>Exact</b>: NUMERIC(38,18); a balance that would leave that range fails (22003) and changes nothing.</li>
 * </ul>
 * A call posts at most one row per wallet (22023 otherwise) and fails (23503) if a wallet does not exist; a
 * failure aborts the caller's statement, so nothing of it is written. The audit checks all of the above.
 */
public final class Ledger {

    /** The SQL function, for statements that post from their own rows (arguments as in {@link #post}). */
    public static final String FUNCTION = "ledger_post";

    private static final String POST = """
            SELECT * FROM ledger_post($1::text[], $2::text[], $3::text[]::numeric[], $4::text[], $5::text[], $6::int4[],
                                      $7::int8[])""";

    private Ledger() {
    }

    /** Posts the rows (distinct wallets) in the caller's transaction; returns them in customer_id order. */
    public static Uni<List<LedgerEntry>> post(SqlClient tx, List<Posting> postings) {
        int n = postings.size();
        String[] customers = new String[n], types = new String[n], amounts = new String[n], keys = new String[n];
        String[] descriptions = new String[n];
        Integer[] counts = new Integer[n];
        Long[] ids = new Long[n];
        for (int i = 0; i < n; i++) {
            Posting p = postings.get(i);
            customers[i] = p.customerId();
            types[i] = p.type();
            amounts[i] = p.amount().toPlainString();
            keys[i] = p.idempotencyKey();
            descriptions[i] = p.description();
            counts[i] = p.eventCount();
            ids[i] = p.id();
        }
        return tx.preparedQuery(POST).execute(Tuple.from(List.<Object>of(customers, types, amounts, keys, descriptions,
                counts, ids))).map(rows -> {
                    List<LedgerEntry> entries = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        entries.add(LedgerEntry.from(row));
                    }
                    return entries;
                });
    }

    /** Posts one row; see {@link #post(SqlClient, List)}. */
    public static Uni<LedgerEntry> post(SqlClient tx, Posting posting) {
        return post(tx, List.of(posting)).map(entries -> entries.get(0));
    }
}
