package io.meterline.ingest.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import io.meterline.ingest.auth.ApiKeys;
import io.meterline.testing.TestDb;

/** Inserts customers and API keys with unique ids straight into the test database (plain JDBC). */
public final class TestCustomers {

    /** A customer with one API key; the key itself is known only to the test. */
    public record Customer(String id, String apiKey, UUID keyId) {
    }

    private TestCustomers() {
    }

    public static Customer create() {
        String id = "cust-" + UUID.randomUUID();
        update("INSERT INTO customers (id, name) VALUES (?, ?)", id, "Test " + id);
        return addKey(id);
    }

    /** A second API key of the same customer (rate limits are per key). */
    public static Customer anotherKey(Customer customer) {
        return addKey(customer.id());
    }

    private static Customer addKey(String id) {
        String key = ApiKeys.generate();
        UUID keyId = UUID.randomUUID();
        try (Connection c = TestDb.connection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO api_keys (id, customer_id, key_hash, prefix) VALUES (?, ?, ?, ?)")) {
            s.setObject(1, keyId);
            s.setString(2, id);
            s.setBytes(3, ApiKeys.hash(key));
            s.setString(4, ApiKeys.displayPrefix(key));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Customer(id, key, keyId);
    }

    public static void revoke(Customer customer) {
        update("UPDATE api_keys SET revoked_at = now() WHERE customer_id = ?", customer.id());
    }

    /**
     * What the cost worker would store for a priced event (only the columns the status endpoint reads matter):
     * the usage row and its BURN, posted through the ledger, so the customer still audits clean.
     */
    public static void storePriced(String customerId, UUID eventId, String costUsd) {
        update("INSERT INTO wallets (customer_id) VALUES (?) ON CONFLICT DO NOTHING", customerId);
        try (Connection c = TestDb.connection(); PreparedStatement s = c.prepareStatement("""
                WITH burn AS (
                    SELECT id FROM ledger_post(ARRAY[?], ARRAY['BURN'], ARRAY[-(?::numeric)], ARRAY['burn:' || ?],
                                               ARRAY['test'], ARRAY[1], ARRAY[NULL::bigint]))
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                                          event_time, received_at, status, cost_usd, credits, ledger_tx_id)
                SELECT ?, ?, ?, 'TOKEN_USAGE', 'chat', 'openai', 'gpt-4o', now(), now(), 'PRICED', ?::numeric,
                       ?::numeric, burn.id
                FROM burn
                """)) {
            s.setString(1, customerId);
            s.setString(2, costUsd);
            s.setString(3, eventId.toString());
            s.setString(4, customerId);
            s.setString(5, eventId.toString());
            s.setObject(6, eventId);
            s.setString(7, costUsd);
            s.setString(8, costUsd);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(String sql, String... args) {
        try (Connection c = TestDb.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
