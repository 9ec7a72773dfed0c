package io.meterline.aggregation.grants;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The grants job's SQL. Money never moves here (the ledger moves it); this finds due grants, takes the locks in
 * the ledger's order (the wallet first, then its grants) and closes expired grants.
 */
@ApplicationScoped
public class GrantJobRepository {

    private static final String DUE_WALLETS = """
            SELECT customer_id FROM credit_grants WHERE state = 'PENDING' AND effective_at <= now()
            UNION
            SELECT customer_id FROM credit_grants WHERE state = 'ACTIVE' AND expires_at <= now()
            LIMIT $1
            """;

    private static final String LOCK_WALLET = """
            SELECT customer_id FROM wallets WHERE customer_id = $1 FOR NO KEY UPDATE
            """;

    /** Due grants of a locked wallet, oldest event first; a grant another transaction holds is skipped. */
    private static final String LOCK_DUE = """
            SELECT customer_id, grant_id, state, amount, expires_at FROM credit_grants
            WHERE customer_id = $1
              AND ((state = 'PENDING' AND effective_at <= now()) OR (state = 'ACTIVE' AND expires_at <= now()))
            ORDER BY CASE WHEN state = 'PENDING' THEN effective_at ELSE expires_at END, seq
            FOR UPDATE SKIP LOCKED
            """;

    private static final String REMAINING = """
            SELECT remaining FROM credit_grants WHERE customer_id = $1 AND grant_id = $2
            """;

    private static final String EXPIRE = """
            UPDATE credit_grants SET state = 'EXPIRED', closed_at = now()
            WHERE customer_id = $1 AND grant_id = $2 AND state = 'ACTIVE' AND remaining = 0
            """;

    private static final String IS_PAST = "SELECT $1::timestamptz <= now() AS past";

    /** Customers with something due (at most {@code limit}). */
    public Uni<List<String>> dueWallets(SqlClient sql, int limit) {
        return sql.preparedQuery(DUE_WALLETS).execute(Tuple.of(limit)).map(rows -> {
            List<String> ids = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> ids.add(row.getString("customer_id")));
            return ids;
        });
    }

    /**
     * Locks the wallet (as ledger_post does, so a burn and the job never wait on each other in opposite orders)
     * and then its due grants; another instance that got there first has committed by then, so what it did is no
     * longer due. Empty when the wallet does not exist.
     */
    public Uni<List<DueGrant>> lockDue(SqlClient tx, String customerId) {
        return tx.preparedQuery(LOCK_WALLET).execute(Tuple.of(customerId))
                .flatMap(wallet -> wallet.rowCount() == 0 ? Uni.createFrom().item(List.<DueGrant>of())
                        : tx.preparedQuery(LOCK_DUE).execute(Tuple.of(customerId)).map(rows -> {
                            List<DueGrant> due = new ArrayList<>(rows.rowCount());
                            rows.forEach(row -> {
                                OffsetDateTime expires = row.getOffsetDateTime("expires_at");
                                due.add(new DueGrant(row.getString("customer_id"), row.getString("grant_id"),
                                        row.getString("state"), row.getBigDecimal("amount"),
                                        expires == null ? null : expires.toInstant()));
                            });
                            return due;
                        }));
    }

    public Uni<BigDecimal> remaining(SqlClient tx, String customerId, String grantId) {
        return tx.preparedQuery(REMAINING).execute(Tuple.of(customerId, grantId))
                .map(rows -> rows.iterator().next().getBigDecimal("remaining"));
    }

    /** Whether an expiry has come, by the database's clock (the one ledger_post spends by). */
    public Uni<Boolean> isPast(SqlClient tx, OffsetDateTime at) {
        return tx.preparedQuery(IS_PAST).execute(Tuple.of(at)).map(rows -> rows.iterator().next().getBoolean("past"));
    }

    /** Closes an ACTIVE grant that holds nothing any more as EXPIRED; false if it was not so. */
    public Uni<Boolean> expire(SqlClient tx, String customerId, String grantId) {
        return tx.preparedQuery(EXPIRE).execute(Tuple.of(customerId, grantId)).map(rows -> rows.rowCount() == 1);
    }
}
