package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code wallets}. The balance is never written here: it changes only through the ledger
 * ({@link io.meterline.common.ledger.Ledger}), together with the row that explains the change.
 */
@ApplicationScoped
public class WalletRepository {

    /**
     * held as it counts now: wallets.held minus the OPEN holds past their expiry that no hold or sweep has expired
     * yet (read-only; the partial index on open reservations finds them). Over {@code wallets w}.
     */
    public static final String LIVE_HELD = """
            w.held - coalesce((SELECT sum(r.estimate) FROM reservations r WHERE r.customer_id = w.customer_id
                               AND r.status = 'OPEN' AND r.expires_at <= now()), 0) AS held""";

    private static final String COLUMNS = """
            customer_id, balance, low_balance_threshold, updated_at, overdraft, auto_top_up_threshold,
            auto_top_up_target, top_up_requested_id""";

    public Uni<WalletRow> insert(SqlClient sql, String customerId, BigDecimal lowBalanceThreshold) {
        return sql.preparedQuery("INSERT INTO wallets (customer_id, low_balance_threshold) VALUES ($1, $2) RETURNING "
                + COLUMNS).execute(Tuple.of(customerId, lowBalanceThreshold))
                .map(rows -> WalletRow.from(rows.iterator().next()));
    }

    public Uni<WalletRow> find(SqlClient sql, String customerId) {
        return sql.preparedQuery("SELECT " + COLUMNS + ", spend_mode, " + LIVE_HELD
                + " FROM wallets w WHERE customer_id = $1").execute(Tuple.of(customerId))
                .map(rows -> rows.rowCount() == 0 ? null : WalletRow.from(rows.iterator().next()));
    }

    /** The wallet, locked until the transaction ends (null when there is none). Call inside a transaction. */
    public Uni<WalletRow> lock(SqlClient tx, String customerId) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM wallets WHERE customer_id = $1 FOR UPDATE")
                .execute(Tuple.of(customerId))
                .map(rows -> rows.rowCount() == 0 ? null : WalletRow.from(rows.iterator().next()));
    }

    /** Sets the spend mode (SOFT or HARD); false when there is no wallet. Not a balance write: no ledger row. */
    public Uni<Boolean> updateSpendMode(SqlClient sql, String customerId, String spendMode) {
        return sql.preparedQuery("UPDATE wallets SET spend_mode = $2, updated_at = now() WHERE customer_id = $1")
                .execute(Tuple.of(customerId, spendMode)).map(rows -> rows.rowCount() == 1);
    }

    /** Sets the low-balance threshold; false when there is no wallet. */
    public Uni<Boolean> updateThreshold(SqlClient sql, String customerId, BigDecimal threshold) {
        return sql.preparedQuery("UPDATE wallets SET low_balance_threshold = $2, updated_at = now() WHERE customer_id = $1")
                .execute(Tuple.of(customerId, threshold)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Sets auto top-up (both null: off); false when there is no wallet. Neither requests nor re-arms: only a drop
     * of the available balance requests and only a TOP_UP or GRANT row re-arms (the ledger's triggers, V25).
     */
    public Uni<Boolean> updateAutoTopUp(SqlClient sql, String customerId, BigDecimal threshold, BigDecimal target) {
        return sql.preparedQuery("""
                UPDATE wallets SET auto_top_up_threshold = $2, auto_top_up_target = $3, updated_at = now()
                WHERE customer_id = $1""").execute(Tuple.of(customerId, threshold, target))
                .map(rows -> rows.rowCount() == 1);
    }
}
