package io.meterline.cost;

import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.sql;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.LedgerEntry;
import io.meterline.common.ledger.Posting;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Grants for ledger tests: created PENDING in {@code credit_grants} (as the admin API does) and posted through
 * {@link Ledger#post} with the grant named; reads of remaining amounts, allocations and the overdraft.
 */
final class GrantFixtures {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private GrantFixtures() {
    }

    /** A customer with an empty wallet (no ledger row). */
    static String emptyCustomer(String prefix) {
        String id = CostFixtures.unique(prefix);
        sql("INSERT INTO customers (id, name) VALUES (?, ?)", id, id);
        sql("INSERT INTO wallets (customer_id) VALUES (?)", id);
        return id;
    }

    /**
     * A grant of {@code amount}, effective {@code effectiveHours} from now (negative: in the past), expiring
     * {@code expiresHours} from now (null: never), created PENDING.
     */
    static void pending(String customer, String grantId, String amount, int priority, double effectiveHours,
            Double expiresHours) {
        pending(customer, grantId, amount, priority, null, effectiveHours, expiresHours);
    }

    /**
     * As {@link #pending(String, String, String, int, double, Double)}, with the hours counted from {@code base}
     * (null: the database's now()), so that grants of one scenario given the same offsets get the same instants.
     */
    static void pending(String customer, String grantId, String amount, int priority, OffsetDateTime base,
            double effectiveHours, Double expiresHours) {
        sql("""
                INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, effective_at, expires_at, state)
                VALUES (?, ?, 'PROMOTIONAL', ?, ?::numeric, coalesce(?::timestamptz, now()) + make_interval(secs => ?),
                        coalesce(?::timestamptz, now()) + make_interval(secs => ?), 'PENDING')
                """, customer, grantId, priority, amount, base, effectiveHours * 3600, base,
                expiresHours == null ? null : expiresHours * 3600);
    }

    /** Creates and posts a grant (GRANT row {@code grant:<id>}), as the admin API does for one already effective. */
    static LedgerEntry grant(Pool pool, String customer, String grantId, String amount, int priority,
            double effectiveHours, Double expiresHours) {
        return grant(pool, customer, grantId, amount, priority, null, effectiveHours, expiresHours);
    }

    /** As {@link #grant(Pool, String, String, String, int, double, Double)}, with the hours counted from base. */
    static LedgerEntry grant(Pool pool, String customer, String grantId, String amount, int priority,
            OffsetDateTime base, double effectiveHours, Double expiresHours) {
        pending(customer, grantId, amount, priority, base, effectiveHours, expiresHours);
        return post(pool, Posting.of(customer, "GRANT", new BigDecimal(amount), "grant:" + grantId, "test")
                .withGrant(grantId));
    }

    static LedgerEntry post(Pool pool, Posting posting) {
        return pool.withTransaction(tx -> Ledger.post(tx, posting)).await().atMost(WAIT);
    }

    static LedgerEntry debit(Pool pool, String customer, String type, String amount, String key) {
        return post(pool, Posting.of(customer, type, new BigDecimal(amount).negate(), key, "test"));
    }

    /** grant_id → remaining (plain, without trailing zeros), for every grant of the customer. */
    static Map<String, String> remaining(String customer) {
        Map<String, String> out = new LinkedHashMap<>();
        for (List<Object> row : rows("SELECT grant_id, remaining FROM credit_grants WHERE customer_id = ? ORDER BY seq",
                customer)) {
            out.put((String) row.get(0), ((BigDecimal) row.get(1)).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    /** The allocations of one ledger row in order, as "grant amount" ("overdraft amount" for the overdraft). */
    static List<String> allocations(long txId) {
        List<String> out = new ArrayList<>();
        for (List<Object> row : rows("SELECT grant_id, amount FROM ledger_allocations WHERE tx_id = ? ORDER BY ord",
                txId)) {
            out.add((row.get(0) == null ? "overdraft" : row.get(0)) + " "
                    + ((BigDecimal) row.get(1)).stripTrailingZeros().toPlainString());
        }
        return out;
    }

    static BigDecimal overdraft(String customer) {
        return (BigDecimal) rows("SELECT overdraft FROM wallets WHERE customer_id = ?", customer).get(0).get(0);
    }

    static String state(String customer, String grantId) {
        return (String) rows("SELECT state FROM credit_grants WHERE customer_id = ? AND grant_id = ?", customer,
                grantId).get(0).get(0);
    }
}
