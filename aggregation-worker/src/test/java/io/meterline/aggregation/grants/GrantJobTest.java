package io.meterline.aggregation.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.Posting;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The grants job against real Postgres: grants that became effective are posted and grants past expires_at lose
 * their unused remainder, each exactly once even when two runs (two instances) work on the same due grants at
 * the same time, and a later run changes nothing.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class GrantJobTest {

    private static final Duration WAIT = Duration.ofMinutes(1);

    @Inject
    Pool pool;

    @Inject
    GrantJob job;

    @Test
    void twoConcurrentRunsPostAndExpireEachGrantOnce() {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String customer = customer();
            customers.add(customer);
            // the customer's backend listens for expiries (an unreachable address: only the outbox is looked at)
            sql("""
                    INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
                    VALUES (gen_random_uuid(), $1, 'https://hooks.example.invalid/meterline', ARRAY['grant.expired'],
                            'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')""", customer);
            // due both ways: effective two hours ago, expired an hour ago, never posted
            pending(customer, "lapsed", "40", -7200, -3600);
            // posted now, 25 of 100 spent, then its expiry passes
            pending(customer, "spent", "100", -7200, 3600);
            post(Posting.of(customer, "GRANT", new BigDecimal("100"), "grant:spent", "t").withGrant("spent"));
            post(Posting.of(customer, "ADJUSTMENT", new BigDecimal("-25"), "use", "t"));
            sql("UPDATE credit_grants SET expires_at = now() - interval '1 second' WHERE customer_id = $1 "
                    + "AND grant_id = 'spent'", customer);
            // effective an hour ago, never expires: posted, kept
            pending(customer, "kept", "10", -3600, null);
            // effective tomorrow: left alone
            pending(customer, "future", "5", 86400, null);
        }

        CompletableFuture<GrantJob.Outcome> first = job.run().subscribeAsCompletionStage();
        CompletableFuture<GrantJob.Outcome> second = job.run().subscribeAsCompletionStage();
        first.join();
        second.join();
        job.run().await().atMost(WAIT);

        for (String customer : customers) {
            assertEquals(List.of("ADJUSTMENT -25", "EXPIRE -40", "EXPIRE -75", "GRANT 10", "GRANT 100", "GRANT 40"),
                    strings("""
                            SELECT type || ' ' || trim_scale(amount) FROM wallet_transactions WHERE customer_id = $1
                            ORDER BY 1""", customer), customer);
            assertEquals(List.of("future PENDING 0", "kept ACTIVE 10", "lapsed EXPIRED 0", "spent EXPIRED 0"),
                    strings("""
                            SELECT grant_id || ' ' || state || ' ' || trim_scale(remaining) FROM credit_grants
                            WHERE customer_id = $1 ORDER BY 1""", customer), customer);
            assertEquals(List.of("10"), strings("SELECT trim_scale(balance)::text FROM wallets WHERE customer_id = $1",
                    customer));
            // one grant.expired per expiry, written in its transaction: none for the two runs' lost race
            assertEquals(List.of("lapsed 40 40", "spent 100 75"), strings("""
                    SELECT b->'data'->>'grant_id' || ' ' || trim_scale((b->'data'->>'amount')::numeric) || ' '
                           || trim_scale((b->'data'->>'expired_amount')::numeric)
                    FROM (SELECT body::jsonb AS b FROM webhook_deliveries WHERE customer_id = $1
                          AND event_type = 'grant.expired') d ORDER BY 1""", customer), customer);
            Audit.assertClean(customer);
        }
    }

    @Test
    void twoConcurrentRunsAnnounceAnExpiringGrantOnce() {
        String customer = customer();
        sql("""
                INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
                VALUES (gen_random_uuid(), $1, 'https://hooks.example.invalid/meterline', ARRAY['grant.expiring'],
                        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')""", customer);
        pending(customer, "soon", "40", -3600, 2 * 86400); // expires in two days: within the 3-day notice
        pending(customer, "later", "10", -3600, 5 * 86400); // in five days: not yet
        job.run().await().atMost(WAIT); // posts both (so they have something left to expire)
        sql("DELETE FROM grant_expiring_notices WHERE customer_id = $1", customer); // let the two runs below race
        sql("DELETE FROM webhook_deliveries WHERE customer_id = $1", customer);

        CompletableFuture<GrantJob.Outcome> first = job.run().subscribeAsCompletionStage();
        CompletableFuture<GrantJob.Outcome> second = job.run().subscribeAsCompletionStage();
        assertEquals(1, first.join().expiring() + second.join().expiring(), "one of the two runs announces");
        job.run().await().atMost(WAIT);

        assertEquals(List.of("soon 40 40"), strings("""
                SELECT b->'data'->>'grant_id' || ' ' || trim_scale((b->'data'->>'amount')::numeric) || ' '
                       || trim_scale((b->'data'->>'remaining')::numeric)
                FROM (SELECT body::jsonb AS b FROM webhook_deliveries WHERE customer_id = $1
                      AND event_type = 'grant.expiring') d""", customer));
        assertEquals(List.of("true"), strings("""
                SELECT ((body::jsonb->'data'->>'expires_at')::timestamptz = g.expires_at)::text
                FROM webhook_deliveries d JOIN credit_grants g ON g.customer_id = d.customer_id AND g.grant_id = 'soon'
                WHERE d.customer_id = $1 AND d.event_type = 'grant.expiring'""", customer));
        Audit.assertClean(customer);
    }

    private String customer() {
        String id = "grants-" + UUID.randomUUID().toString().substring(0, 8);
        sql("INSERT INTO customers (id, name) VALUES ($1, $1)", id);
        sql("INSERT INTO wallets (customer_id) VALUES ($1)", id);
        return id;
    }

    private void pending(String customer, String grantId, String amount, int effectiveSeconds, Integer expiresSeconds) {
        pool.preparedQuery("""
                INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, effective_at, expires_at, state)
                VALUES ($1, $2, 'PROMOTIONAL', 10, $3::text::numeric, now() + make_interval(secs => $4::int),
                        now() + make_interval(secs => $5::int), 'PENDING')""")
                .execute(Tuple.of(customer, grantId, amount, effectiveSeconds, expiresSeconds)).await().atMost(WAIT);
    }

    private void post(Posting posting) {
        pool.withTransaction(tx -> Ledger.post(tx, posting)).await().atMost(WAIT);
    }

    private void sql(String sql, String customer) {
        pool.preparedQuery(sql).execute(Tuple.of(customer)).await().atMost(WAIT);
    }

    private List<String> strings(String sql, String customer) {
        List<String> out = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(customer)).await().atMost(WAIT)) {
            out.add(row.getString(0));
        }
        return out;
    }
}
