package io.meterline.ingest.reservations;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.meterline.common.ledger.HoldOutcome;
import io.meterline.common.ledger.HoldRequest;
import io.meterline.common.ledger.Holds;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.TestDb;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/**
 * Group commit of holds: a batch decides each hold as a call of its own would, in order, and one bad hold in a batch
 * fails alone.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class HoldBatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    HoldBatcher batcher;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Test
    void oneStatementDecidesEachHoldInOrder() {
        Holder a = Holder.create("batch-a", "10", "HARD");
        Holder b = Holder.create("batch-b", "5", "SOFT");
        // b before a: the statement locks the wallets in customer_id order whatever the order of the requests
        List<HoldOutcome> outcomes = Holds.holdMany(pool, List.of(request(b, "x", "9"), request(a, "r1", "6"),
                request(a, "r1", "6"), request(a, "r2", "6"), request(a, "r3", "4"),
                request("no-such-customer", "r1", "1"))).await().atMost(WAIT);

        assertEquals(List.of("CREATED", "CREATED", "EXISTING", "INSUFFICIENT", "CREATED", "NO_WALLET"),
                outcomes.stream().map(HoldOutcome::outcome).toList());
        assertEquals(0, new BigDecimal("-4").compareTo(outcomes.get(0).available()), "SOFT may go below zero");
        assertEquals(0, new BigDecimal("4").compareTo(outcomes.get(3).available()), "r2 sees r1's hold");
        assertNull(outcomes.get(3).hold(), "nothing held for a refused hold");
        assertEquals(0, BigDecimal.ZERO.compareTo(outcomes.get(4).available()), "r3 takes exactly what is left");
        a.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("10.000000000000"));
        Audit.assertClean(a.id(), b.id());
    }

    @Test
    void aBatchExpiresItsWalletsStaleHoldsBeforeDecidingTheirHolds() throws Exception {
        Holder h = Holder.create("batch-stale", "10", "HARD");
        assertEquals("CREATED", Holds.holdMany(pool, List.of(new HoldRequest(h.id(), "short", new BigDecimal("10"),
                null, null, 1))).await().atMost(WAIT).get(0).outcome());
        Awaitility.await().atMost(WAIT).until(() -> {
            try (Connection c = TestDb.connection(); PreparedStatement due = c.prepareStatement("SELECT expires_at "
                    + "<= now() FROM reservations WHERE customer_id = ? AND reservation_id = 'short'")) {
                due.setString(1, h.id());
                try (ResultSet rs = due.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
        // nothing expired it yet (no sweep runs here): the batch does, under its lock, before deciding "long"
        List<HoldOutcome> outcomes = Holds.holdMany(pool, List.of(request(h, "long", "10"), request(h, "more", "1")))
                .await().atMost(WAIT);
        assertEquals(List.of("CREATED", "INSUFFICIENT"), outcomes.stream().map(HoldOutcome::outcome).toList());
        assertEquals(0, new BigDecimal("10").compareTo(outcomes.get(0).held()), "only the new hold is held");
        h.api().get("/v1/reservations/short").then().statusCode(200).body("status", equalTo("EXPIRED"));
        Audit.assertClean(h.id());
    }

    @Test
    void concurrentHoldsShareStatementsAndNeverOverdraw() {
        Holder hard = Holder.create("batch-hard", "100", "HARD");
        double before = batchCount();
        List<Uni<HoldOutcome>> holds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            holds.add(batcher.hold(request(hard, "r" + i, "7")));
        }
        List<HoldOutcome> outcomes = Uni.join().all(holds).andFailFast().await().atMost(WAIT);

        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.outcome(), 1L, Long::sum));
        assertEquals(Map.of("CREATED", 14L, "INSUFFICIENT", 186L), counts, "floor(100 / 7) holds fit");
        assertTrue(batchCount() - before < 200, "the holds shared statements: " + (batchCount() - before)
                + " batches for 200 holds");
        hard.api().get("/v1/balance").then().statusCode(200).body("available", equalTo("2.000000000000"));
        Audit.assertClean(hard.id());
    }

    @Test
    void eachCustomersHoldsAreDecidedInTheirOrderAcrossLanes() {
        List<Holder> customers = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            customers.add(Holder.create("batch-lane-" + c, "10", "HARD"));
        }
        // interleaved: r0 of every customer, then r1 of every customer, ...; 4 credits each, 10 available
        List<Uni<HoldOutcome>> holds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (Holder h : customers) {
                holds.add(batcher.hold(request(h, "r" + i, "4")));
            }
        }
        List<HoldOutcome> outcomes = Uni.join().all(holds).andFailFast().await().atMost(WAIT);

        for (int c = 0; c < customers.size(); c++) {
            List<String> own = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                own.add(outcomes.get(i * customers.size() + c).outcome());
            }
            assertEquals(List.of("CREATED", "CREATED", "INSUFFICIENT", "INSUFFICIENT", "INSUFFICIENT",
                    "INSUFFICIENT", "INSUFFICIENT", "INSUFFICIENT", "INSUFFICIENT", "INSUFFICIENT"), own,
                    "the first two holds of " + customers.get(c).id() + " fit, in the order they came");
        }
        Audit.assertClean(customers.stream().map(Holder::id).toArray(String[]::new));
    }

    @Test
    void aFailingHoldFailsAloneAndTheOthersAreDecided() {
        Holder h = Holder.create("batch-bad", "50", "SOFT");
        double before = batchCount();
        // 40 holds at once (they share statements), one with an estimate past the reservations table's CHECK (the
        // API's validation never lets one through): its batch statement fails, each of its holds is decided alone
        List<Uni<Object>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String estimate = i == 20 ? "2000000000000000" : "1";
            answers.add(batcher.hold(request(h, "r" + i, estimate)).map(o -> (Object) o).onFailure()
                    .recoverWithItem(e -> e));
        }
        List<Object> results = Uni.join().all(answers).andFailFast().await().atMost(WAIT);

        assertTrue(batchCount() - before < 40, "the holds shared statements");
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                assertInstanceOf(PgException.class, results.get(i), "the bad hold gets its own error");
            } else {
                assertEquals("CREATED", ((HoldOutcome) results.get(i)).outcome(), "hold r" + i);
            }
        }
        h.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("39.000000000000"));
        Audit.assertClean(h.id());
    }

    private double batchCount() {
        var summary = registry.find("meterline.reservations.hold.batch.size").summary();
        return summary == null ? 0 : summary.count();
    }

    private static HoldRequest request(Holder holder, String reservationId, String estimate) {
        return request(holder.id(), reservationId, estimate);
    }

    private static HoldRequest request(String customerId, String reservationId, String estimate) {
        return new HoldRequest(customerId, reservationId, new BigDecimal(estimate), null, null, 300);
    }
}
