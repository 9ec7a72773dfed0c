package io.meterline.aggregation.reservations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.meterline.common.ledger.HoldRequest;
import io.meterline.common.ledger.Holds;
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
 * The reservations sweep against real Postgres: holds past expires_at become EXPIRED and leave held, each once
 * even when two sweeps (two instances) run at the same time; holds still valid stay OPEN and counted.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReservationSweepTest {

    private static final Duration WAIT = Duration.ofMinutes(1);

    @Inject
    Pool pool;

    @Inject
    ReservationSweep sweep;

    @Test
    void twoConcurrentSweepsExpireEachStaleHoldOnce() {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String customer = customer();
            customers.add(customer);
            pool.withTransaction(tx -> Ledger.post(tx, Posting.of(customer, "TOP_UP", new BigDecimal("100"), "t1",
                    "t"))).await().atMost(WAIT);
            hold(customer, "stale-1", "10");
            hold(customer, "stale-2", "5");
            hold(customer, "live", "7");
            // their time passes (what a ttl does, without waiting for it)
            sql("UPDATE reservations SET expires_at = now() - interval '1 second', created_at = now() - interval "
                    + "'1 minute' WHERE customer_id = $1 AND reservation_id LIKE 'stale-%'", customer);
        }

        CompletableFuture<Integer> first = sweep.run().subscribeAsCompletionStage();
        CompletableFuture<Integer> second = sweep.run().subscribeAsCompletionStage();
        first.join();
        second.join();
        sweep.run().await().atMost(WAIT);

        for (String customer : customers) {
            assertEquals(List.of("live OPEN", "stale-1 EXPIRED", "stale-2 EXPIRED"), strings("""
                    SELECT reservation_id || ' ' || status FROM reservations WHERE customer_id = $1 ORDER BY 1""",
                    customer), customer);
            assertEquals(List.of("7 100"), strings("""
                    SELECT trim_scale(held) || ' ' || trim_scale(balance) FROM wallets WHERE customer_id = $1""",
                    customer), customer);
            Audit.assertClean(customer);
        }
    }

    private void hold(String customer, String id, String estimate) {
        assertEquals("CREATED", Holds.hold(pool, new HoldRequest(customer, id, new BigDecimal(estimate), null, null, 300))
                .await().atMost(WAIT).outcome());
    }

    private String customer() {
        String id = "sweep-" + UUID.randomUUID().toString().substring(0, 8);
        sql("INSERT INTO customers (id, name) VALUES ($1, $1)", id);
        sql("INSERT INTO wallets (customer_id) VALUES ($1)", id);
        return id;
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
