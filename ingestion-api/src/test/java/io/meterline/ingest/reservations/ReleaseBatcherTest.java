package io.meterline.ingest.reservations;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
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
import io.meterline.common.ledger.ReleaseRequest;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/**
 * Group commit of releases (V36): a batch decides each release as a call of its own would, in order, and one bad
 * release in a batch fails alone.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReleaseBatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ReleaseBatcher batcher;

    @Inject
    Pool pool;

    @Inject
    MeterRegistry registry;

    @Test
    void oneStatementDecidesEachReleaseInOrder() {
        Holder a = Holder.create("release-a", "10", "HARD");
        Holder b = Holder.create("release-b", "5", "SOFT");
        hold(a, "r1", "3", 300);
        hold(a, "r2", "4", 300);
        hold(b, "x", "5", 300);
        // b before a: the statement locks the wallets in customer_id order whatever the order of the requests
        List<HoldOutcome> outcomes = Holds.releaseMany(pool, List.of(release(b, "x"), release(a, "r1"),
                release(a, "r1"), release(a, "missing"), release(a, "r2"), new ReleaseRequest("no-such-customer",
                        "r1"))).await().atMost(WAIT);

        assertEquals(List.of("RELEASED", "RELEASED", "CLOSED", "NOT_FOUND", "RELEASED", "NOT_FOUND"),
                outcomes.stream().map(HoldOutcome::outcome).toList());
        assertEquals("RELEASED", outcomes.get(2).hold().status(), "the second release of r1 finds it released");
        assertEquals(0, new BigDecimal("4").compareTo(outcomes.get(4).hold().estimate()));
        assertNull(outcomes.get(3).hold());
        a.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("0.000000000000"))
                .body("available", equalTo("10.000000000000"));
        b.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("0.000000000000"));
        Audit.assertClean(a.id(), b.id());
    }

    @Test
    void aBatchExpiresItsWalletsStaleHoldsBeforeDecidingItsReleases() {
        Holder h = Holder.create("release-stale", "10", "HARD");
        hold(h, "short", "6", 1);
        hold(h, "long", "4", 300);
        // nothing expires "short" here (no sweep runs): the batch does, under its lock, before deciding its items
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> "EXPIRED".equals(
                h.api().get("/v1/reservations/short").then().statusCode(200).extract().path("status")));
        List<HoldOutcome> outcomes = Holds.releaseMany(pool, List.of(release(h, "short"), release(h, "long")))
                .await().atMost(WAIT);

        assertEquals(List.of("CLOSED", "RELEASED"), outcomes.stream().map(HoldOutcome::outcome).toList());
        assertEquals("EXPIRED", outcomes.get(0).hold().status());
        h.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("0.000000000000"));
        Audit.assertClean(h.id());
    }

    @Test
    void concurrentReleasesShareStatementsAndReleaseEachHoldOnce() {
        Holder h = Holder.create("release-many", "100", "HARD");
        for (int i = 0; i < 50; i++) {
            hold(h, "r" + i, "2", 300);
        }
        double before = batchCount();
        // each hold released twice at once: one RELEASED, the other CLOSED as RELEASED, whichever comes second
        List<Uni<HoldOutcome>> releases = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            releases.add(batcher.release(h.id(), "r" + (i % 50)));
        }
        List<HoldOutcome> outcomes = Uni.join().all(releases).andFailFast().await().atMost(WAIT);

        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o.outcome() + ":" + o.hold().status(), 1L, Long::sum));
        assertEquals(Map.of("RELEASED:RELEASED", 50L, "CLOSED:RELEASED", 50L), counts);
        for (int i = 0; i < 50; i++) {
            assertEquals("RELEASED", outcomes.get(i).outcome(), "the first release of r" + i + " (arrival order)");
        }
        assertTrue(batchCount() - before < 100, "the releases shared statements: " + (batchCount() - before)
                + " batches for 100 releases");
        h.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("0.000000000000"))
                .body("available", equalTo("100.000000000000"));
        Audit.assertClean(h.id());
    }

    @Test
    void aFailingReleaseFailsAloneAndTheOthersAreDecided() {
        Holder h = Holder.create("release-bad", "50", "SOFT");
        for (int i = 0; i < 30; i++) {
            hold(h, "r" + i, "1", 300);
        }
        double before = batchCount();
        // 30 releases at once (they share statements), one with a NUL in its id, which Postgres refuses as text (the
        // API's validation never lets one through): its batch statement fails, each of its releases is decided alone
        List<Uni<Object>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = i == 15 ? "bad\u0000id" : "r" + i;
            answers.add(batcher.release(h.id(), id).map(o -> (Object) o).onFailure().recoverWithItem(e -> e));
        }
        List<Object> results = Uni.join().all(answers).andFailFast().await().atMost(WAIT);

        assertTrue(batchCount() - before < 30, "the releases shared statements");
        for (int i = 0; i < 30; i++) {
            if (i == 15) {
                assertInstanceOf(PgException.class, results.get(i), "the bad release gets its own error");
            } else {
                assertEquals("RELEASED", ((HoldOutcome) results.get(i)).outcome(), "release r" + i);
            }
        }
        h.api().get("/v1/balance").then().statusCode(200).body("held", equalTo("1.000000000000"));
        Audit.assertClean(h.id());
    }

    private void hold(Holder h, String reservationId, String estimate, int ttlSeconds) {
        assertEquals("CREATED", Holds.hold(pool, new HoldRequest(h.id(), reservationId, new BigDecimal(estimate),
                null, null, ttlSeconds)).await().atMost(WAIT).outcome());
    }

    private double batchCount() {
        var summary = registry.find("meterline.reservations.release.batch.size").summary();
        return summary == null ? 0 : summary.count();
    }

    private static ReleaseRequest release(Holder holder, String reservationId) {
        return new ReleaseRequest(holder.id(), reservationId);
    }
}
