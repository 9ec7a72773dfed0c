package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.status;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.RerateRunner;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * Re-rating a past window of priced usage, up and down, across two customers (chunk size 3 in tests, so the
 * window takes several chunks): exact RERATE rows, one per wallet per job; usage rows keep both prices; one
 * usage-priced record per changed event; a repeated correction changes nothing; two runners at once and a run
 * stopped after one chunk apply everything once; events outside the window are untouched.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RerateTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2026-02-15T10:00:00Z");
    private static final Instant MAR1 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant MAR2 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant MAR3 = Instant.parse("2026-03-03T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass("usage-priced");

    @Inject
    RerateRunner runner;

    @Test
    void aPastWindowIsReRatedUpThenDownExactlyOnce() {
        String model = unique("rr");
        rate("openai", model, "INPUT_TOKEN", "2", 1_000_000, JAN, null);
        rate("openai", model, "OUTPUT_TOKEN", "6", 1_000_000, JAN, null);
        String a = customer("rr-a", "1000", "0", "1");
        String b = customer("rr-b", "1000", "0", "2");
        // 1000 in x 2 + 500 out x 6 per 1e6 = 0.005 USD: 5 credits for a (x1), 10 for b (x2)
        List<UsageEventV1> inside = List.of(tokens(a, "openai", model, MAR1, 1000, 0, 0, 500),
                tokens(a, "openai", model, MAR1.plusSeconds(3600), 1000, 0, 0, 500),
                tokens(a, "openai", model, MAR2.minusSeconds(1), 1000, 0, 0, 500),
                tokens(b, "openai", model, MAR1.plusSeconds(60), 1000, 0, 0, 500),
                tokens(b, "openai", model, MAR1.plusSeconds(7200), 1000, 0, 0, 500));
        List<UsageEventV1> outside = List.of(tokens(a, "openai", model, FEB, 1000, 0, 0, 500),
                tokens(a, "openai", model, MAR2, 1000, 0, 0, 500), tokens(b, "openai", model, MAR3, 1000, 0, 0, 500));
        List<UsageEventV1> all = new ArrayList<>(inside);
        all.addAll(outside);
        kafka.produceStrings().fromRecords(all.stream().map(e -> new ProducerRecord<>(
                MeterlineServices.topic("usage-events"), e.customerId(), json(e))).toList()).awaitCompletion(WAIT);
        await().atMost(WAIT).until(() -> all.stream().allMatch(e -> "PRICED".equals(status(e.customerId(), e.eventId()))));
        assertEquals(0, new BigDecimal("975").compareTo(balance(a)));
        assertEquals(0, new BigDecimal("970").compareTo(balance(b)));
        runner.runUntilIdle().await().atMost(WAIT); // no job of another test left in the way of the step below

        // up: input was 3, not 2, on 1 March: +1 credit per event of a, +2 per event of b
        UUID up = RerateFixtures.correct("openai", model, "INPUT_TOKEN", "3", MAR1, MAR2);
        runner.step().await().atMost(WAIT); // one chunk, then the worker "dies": nothing settled yet
        assertEquals(List.of("RUNNING", 3L, 3L), job(up).subList(0, 3));
        assertEquals(0, count("SELECT count(*) FROM wallet_transactions WHERE type = 'RERATE' AND customer_id IN (?, ?)", a, b));
        runner.runUntilIdle().await().atMost(WAIT); // another run resumes from the cursor
        assertEquals(List.of("SUCCEEDED", 5L, 5L), job(up).subList(0, 3));
        assertJobTotals(up, "35", "42", 2);
        assertRerate(up, a, "-3", 3);
        assertRerate(up, b, "-4", 2);
        assertEquals(0, new BigDecimal("972").compareTo(balance(a)));
        assertEquals(0, new BigDecimal("966").compareTo(balance(b)));
        for (UsageEventV1 e : inside) {
            List<Object> row = usage(e);
            BigDecimal m = e.customerId().equals(a) ? BigDecimal.ONE : BigDecimal.valueOf(2);
            assertEquals(0, new BigDecimal("6").multiply(m).compareTo((BigDecimal) row.get(0)), "new credits");
            assertEquals(0, new BigDecimal("5").multiply(m).compareTo((BigDecimal) row.get(1)), "original credits");
            assertEquals(0, new BigDecimal("0.006").compareTo((BigDecimal) row.get(2)), "new cost");
            assertEquals(0, new BigDecimal("0.005").compareTo((BigDecimal) row.get(3)), "original cost");
            assertEquals(up, row.get(4));
        }
        for (UsageEventV1 e : outside) {
            List<Object> row = usage(e);
            BigDecimal m = e.customerId().equals(a) ? BigDecimal.ONE : BigDecimal.valueOf(2);
            assertEquals(0, new BigDecimal("5").multiply(m).compareTo((BigDecimal) row.get(0)), "outside untouched");
            assertNull(row.get(1));
            assertNull(row.get(4));
        }
        await().atMost(WAIT).until(() -> rerated(up).size() == 5);
        for (JsonNode record : rerated(up)) {
            boolean ofA = a.equals(record.get("customer_id").asText());
            assertEquals(ofA ? "6" : "12", new BigDecimal(record.get("credits").asText()).stripTrailingZeros().toPlainString());
            assertEquals(ofA ? "5" : "10",
                    new BigDecimal(record.get("previous_credits").asText()).stripTrailingZeros().toPlainString());
            assertEquals(ofA ? "972" : "966",
                    new BigDecimal(record.get("wallet_balance_after").asText()).stripTrailingZeros().toPlainString());
        }
        assertEquals(0, count("SELECT count(*) FROM rerate_items WHERE job_id = ? AND NOT published", up));
        CostFixtures.assertLedgerInvariants(a);
        CostFixtures.assertLedgerInvariants(b);

        // the same correction again: nothing changes, no ledger row
        UUID again = RerateFixtures.job(UUID.randomUUID(), "openai", model, MAR1, MAR2);
        runner.runUntilIdle().await().atMost(WAIT);
        assertEquals(List.of("SUCCEEDED", 5L, 0L), job(again).subList(0, 3));
        assertEquals(0, count("SELECT count(*) FROM wallet_transactions WHERE idempotency_key LIKE ?", "rerate:" + again + ":%"));
        assertEquals(0, new BigDecimal("972").compareTo(balance(a)));
        assertEquals(0, new BigDecimal("966").compareTo(balance(b)));

        // down, with two runners at once: input was 1 on 1 March: -2 credits per event of a, -4 per event of b
        UUID down = RerateFixtures.correct("openai", model, "INPUT_TOKEN", "1", MAR1, MAR2);
        Uni.join().all(runner.runUntilIdle(), runner.runUntilIdle()).andFailFast().await().atMost(WAIT);
        assertEquals(List.of("SUCCEEDED", 5L, 5L), job(down).subList(0, 3));
        assertJobTotals(down, "42", "28", 2);
        assertRerate(down, a, "6", 3);
        assertRerate(down, b, "8", 2);
        assertEquals(0, new BigDecimal("978").compareTo(balance(a)));
        assertEquals(0, new BigDecimal("974").compareTo(balance(b)));
        for (UsageEventV1 e : inside) {
            List<Object> row = usage(e);
            BigDecimal m = e.customerId().equals(a) ? BigDecimal.ONE : BigDecimal.valueOf(2);
            assertEquals(0, new BigDecimal("4").multiply(m).compareTo((BigDecimal) row.get(0)), "corrected twice");
            assertEquals(0, new BigDecimal("5").multiply(m).compareTo((BigDecimal) row.get(1)), "first price kept");
        }
        await().atMost(WAIT).until(() -> rerated(down).size() == 5);
        CostFixtures.assertLedgerInvariants(a);
        CostFixtures.assertLedgerInvariants(b);
    }

    /** status, rows_examined, rows_changed, old_credits, new_credits, wallets_settled. */
    private static List<Object> job(UUID id) {
        return rows("""
                SELECT status, rows_examined, rows_changed, old_credits, new_credits, wallets_settled FROM rerate_jobs
                WHERE id = ?""", id).get(0);
    }

    private static void assertJobTotals(UUID id, String oldCredits, String newCredits, int wallets) {
        List<Object> job = job(id);
        assertEquals(0, new BigDecimal(oldCredits).compareTo((BigDecimal) job.get(3)), "old credits of " + id);
        assertEquals(0, new BigDecimal(newCredits).compareTo((BigDecimal) job.get(4)), "new credits of " + id);
        assertEquals(wallets, job.get(5));
    }

    /** Exactly one RERATE row for the wallet and job, with this amount and event count. */
    private static void assertRerate(UUID job, String customer, String amount, int events) {
        List<List<Object>> rows = rows("""
                SELECT amount, event_count FROM wallet_transactions
                WHERE customer_id = ? AND type = 'RERATE' AND idempotency_key = ?""", customer, "rerate:" + job + ":" + customer);
        assertEquals(1, rows.size());
        assertEquals(0, new BigDecimal(amount).compareTo((BigDecimal) rows.get(0).get(0)), "RERATE amount of " + customer);
        assertEquals(events, rows.get(0).get(1));
        assertEquals(events, count("""
                SELECT count(*) FROM rerate_items i JOIN wallet_transactions t ON t.id = i.ledger_tx_id
                WHERE i.job_id = ? AND i.customer_id = ? AND t.idempotency_key = ?""", job, customer,
                "rerate:" + job + ":" + customer), "items linked to the RERATE row");
    }

    /** credits, original_credits, cost_usd, original_cost_usd, rerated_by. */
    private static List<Object> usage(UsageEventV1 e) {
        return rows("""
                SELECT credits, original_credits, cost_usd, original_cost_usd, rerated_by FROM usage_events
                WHERE customer_id = ? AND event_id = ?""", e.customerId(), e.eventId()).get(0);
    }

    private static List<JsonNode> rerated(UUID job) {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : kafka.consumer("usage-priced").getRecords()) {
            try {
                JsonNode node = CostFixtures.JSON.readTree(r.value());
                if (job.toString().equals(node.path("rerate_job_id").asText())) {
                    out.add(node);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
