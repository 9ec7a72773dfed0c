package io.meterline.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.JsonCustomizer;
import io.meterline.testing.Audit;
import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.testing.TestDb;

/**
 * Test data over plain JDBC against the test database: customers with wallets (and the TOP_UP row that explains
 * the opening balance, so the ledger invariants hold from the start), rates under names unique to each test,
 * events, and the queries the assertions need.
 */
public final class CostFixtures {

    public static final ObjectMapper JSON = JsonCustomizer.apply(new ObjectMapper());

    private CostFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A customer with a wallet holding {@code balance} (one TOP_UP ledger row) and a low-balance threshold. */
    public static String customer(String prefix, String balance, String threshold, String multiplier) {
        String id = unique(prefix);
        sql("INSERT INTO customers (id, name, price_multiplier) VALUES (?, ?, ?::numeric)", id, id, multiplier);
        sql("INSERT INTO wallets (customer_id, low_balance_threshold) VALUES (?, ?::numeric)", id, threshold);
        topUp(id, balance, "opening");
        return id;
    }

    /** A TOP_UP through the ledger's one writer, ledger_post (as the admin API does). */
    public static void topUp(String customer, String amount, String idempotencyKey) {
        sql("""
                SELECT * FROM ledger_post(ARRAY[?], ARRAY['TOP_UP'], ARRAY[?::numeric], ARRAY[?], ARRAY['test top-up'],
                                          ARRAY[0], ARRAY[NULL::bigint])
                """, customer, amount, idempotencyKey);
    }

    public static long rate(String provider, String model, String costType, String price, long unitSize,
            Instant from, Instant until, String... aliases) {
        return queryLong("""
                INSERT INTO provider_rates (provider, model, cost_type, price_usd, unit_size, aliases, valid_from,
                                            valid_until, source)
                VALUES (?, ?, ?, ?::numeric, ?, ?, ?, ?, 'test') RETURNING id
                """, provider, model, costType, price, unitSize, aliases, ts(from), ts(until));
    }

    public static UsageEventV1 tokens(String customer, String provider, String model, Instant at, long input,
            long cached, long cacheWrite, long output) {
        return new UsageEventV1(1, UUID.randomUUID(), customer, EventType.TOKEN_USAGE, "chat", provider, model, input,
                cached, cacheWrite, output, null, null, at, null, null, null, null, UUID.randomUUID(), Instant.now());
    }

    public static String json(UsageEventV1 event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BigDecimal balance(String customer) {
        return queryDecimal("SELECT balance FROM wallets WHERE customer_id = ?", customer);
    }

    public static long count(String sql, Object... params) {
        return queryLong(sql, params);
    }

    public static String status(String customer, UUID eventId) {
        List<List<Object>> rows = rows("SELECT status FROM usage_events WHERE customer_id = ? AND event_id = ?",
                customer, eventId);
        return rows.isEmpty() ? null : (String) rows.get(0).get(0);
    }

    /**
     * The three ledger invariants of the issue, for each given wallet, computed here independently of the audit:
     * the ledger chains in seq order, balance = sum(amount), and each BURN row's credits equal the credits of the
     * usage rows linked to it (and its event_count their number); also: every PRICED row is linked to a BURN, no
     * UNPRICED row is. Then the audit itself must report nothing for these customers. Each invariant is one query
     * over all the wallets that lists the offending rows, so the failure names every one of them.
     */
    public static void assertLedgerInvariants(String... customers) {
        assertNone("ledger chains and balance_after", customers, """
                SELECT CASE WHEN balance_before <> running - amount
                            THEN 'ledger chains at tx ' || id || ' (' || customer_id || ' seq ' || seq || ')'
                            ELSE 'balance_after of tx ' || id || ' (' || customer_id || ' seq ' || seq || ')' END
                FROM (SELECT id, customer_id, seq, amount, balance_before, balance_after,
                             sum(amount) OVER (PARTITION BY customer_id ORDER BY seq ROWS UNBOUNDED PRECEDING)
                                 AS running
                      FROM wallet_transactions WHERE customer_id = ANY(?)) t
                WHERE balance_before <> running - amount OR balance_after <> running
                ORDER BY customer_id, seq
                """);
        assertNone("balance = sum of ledger amounts", customers, """
                SELECT c.id || ' balance ' || coalesce(w.balance::text, 'no wallet') || ' ledger '
                    || coalesce((SELECT sum(amount) FROM wallet_transactions t WHERE t.customer_id = c.id), 0)
                FROM unnest(?::text[]) c(id) LEFT JOIN wallets w ON w.customer_id = c.id
                WHERE w.balance IS DISTINCT FROM
                      coalesce((SELECT sum(amount) FROM wallet_transactions t WHERE t.customer_id = c.id), 0)
                ORDER BY c.id
                """);
        assertNone("burn = linked credits, event_count = linked rows", customers, """
                SELECT 'BURN tx ' || t.id || ' (' || t.customer_id || ') amount ' || t.amount || ' event_count '
                    || coalesce(t.event_count::text, 'null') || ', linked credits ' || coalesce(u.credits, 0)
                    || ' in ' || coalesce(u.n, 0) || ' rows'
                FROM wallet_transactions t
                LEFT JOIN (SELECT customer_id, ledger_tx_id, sum(coalesce(original_credits, credits)) AS credits,
                                  count(*) AS n
                           FROM usage_events WHERE customer_id = ANY(?) AND ledger_tx_id IS NOT NULL
                           GROUP BY customer_id, ledger_tx_id) u
                       ON u.customer_id = t.customer_id AND u.ledger_tx_id = t.id
                WHERE t.type = 'BURN' AND t.customer_id = ANY(?)
                  AND (-t.amount <> coalesce(u.credits, 0) OR t.event_count IS DISTINCT FROM coalesce(u.n, 0))
                ORDER BY t.customer_id, t.seq
                """);
        assertNone("priced rows linked to their customer's BURN, unpriced rows unlinked", customers, """
                SELECT u.status || ' ' || u.customer_id || ' ' || u.dedup_key || ' linked to '
                    || coalesce(t.type || ' tx ' || t.id || ' of ' || t.customer_id, u.ledger_tx_id::text, 'nothing')
                FROM usage_events u LEFT JOIN wallet_transactions t ON t.id = u.ledger_tx_id
                WHERE u.customer_id = ANY(?) AND ((u.status = 'PRICED' AND (t.id IS NULL OR t.type <> 'BURN'
                      OR t.customer_id <> u.customer_id)) OR (u.status = 'UNPRICED' AND u.ledger_tx_id IS NOT NULL))
                ORDER BY u.customer_id, u.dedup_key
                """);
        Audit.assertClean(customers);
    }

    /** Runs {@code sql}, whose every {@code ?} is the customer array, and fails with the rows it lists. */
    private static void assertNone(String invariant, String[] customers, String sql) {
        Object[] params = new Object[(int) sql.chars().filter(c -> c == '?').count()];
        Arrays.fill(params, customers);
        List<Object> offending = rows(sql, params).stream().map(row -> row.get(0)).toList();
        assertEquals(List.of(), offending, invariant);
    }

    public static void sql(String sql, Object... params) {
        try (Connection c = TestDb.connection(); PreparedStatement ps = prepare(c, sql, params)) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<List<Object>> rows(String sql, Object... params) {
        try (Connection c = TestDb.connection(); PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long queryLong(String sql, Object... params) {
        Object value = rows(sql, params).get(0).get(0);
        assertNotNull(value);
        return ((Number) value).longValue();
    }

    private static BigDecimal queryDecimal(String sql, Object... params) {
        return (BigDecimal) rows(sql, params).get(0).get(0);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p instanceof String[] array) {
                ps.setArray(i + 1, c.createArrayOf("text", array));
            } else if (p instanceof UUID uuid) {
                ps.setObject(i + 1, uuid);
            } else {
                ps.setObject(i + 1, p);
            }
        }
        return ps;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
