package io.meterline.cost;

import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.validation.UsageEventRules;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A 202 is a promise, tested with generated hostile events through the real worker, Kafka and Postgres: every
 * event the shared rule set accepts (what the edge publishes) ends PRICED, UNPRICED or REJECTED with a reason,
 * never missing; events the rules refuse but that reach the worker anyway (an older edge, a hand-written
 * producer) are refused with a reason too; each dedup key is stored once; and the audit is clean.
 *
 * <p>jqwik generates the events (unicode edge cases, lone surrogates, control characters, extreme and negative
 * numbers, fractional quantities, repeated idempotency keys, unknown customers), new ones every run; the
 * property is checked over the whole generated batch at once, since each check needs the running services (a
 * {@code @Property} cannot run inside a {@code @QuarkusTest}). A failure names the offending events.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class HostileEventsTest {

    private static final int EVENTS = 400;
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void everyAcceptedEventEndsDecidedAndNothingIsBilledTwice() {
        String model = unique("hostile");
        rate("openai", model, "INPUT_TOKEN", "1.25", 1_000_000, NOW.minusSeconds(86_400 * 90), null);
        rate("openai", model, "OUTPUT_TOKEN", "10", 1_000_000, NOW.minusSeconds(86_400 * 90), null);
        List<String> customers = List.of(customer("hostile", "1000", "10", "1"), customer("hostile", "0", "0", "1.5"));
        String ghost = unique("ghost"); // no such customer: accepted by the rules, refused by the worker

        // one sample per event: a sampled list can be one of the list's edge cases (400 copies of one event)
        List<UsageEventV1> events = events(List.of(customers.get(0), customers.get(1), ghost), model)
                .sampleStream().limit(EVENTS).toList();
        List<UsageEventV1> accepted = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        int refusedSent = 0;
        Map<String, Integer> reasons = new HashMap<>();
        for (UsageEventV1 event : events) {
            UsageEventRules.Violation violation = UsageEventRules.check(event);
            boolean ok = violation == null;
            if (!ok) {
                reasons.merge(violation.field() + ": " + violation.message(), 1, Integer::sum);
            }
            if (ok) {
                accepted.add(event);
            } else if (refusedSent++ % 4 != 0) {
                continue; // a quarter of the refused ones reach the worker anyway
            }
            String value;
            try {
                value = json(event);
            } catch (IllegalStateException unwritable) {
                assertTrue(!ok, "the edge can always write what it accepts: " + event);
                continue;
            }
            records.add(new ProducerRecord<>(MeterlineServices.topic("usage-events"), event.customerId(), value));
        }
        try (KafkaCompanion kafka = Kafka.companion()) {
            kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);
        }

        // the first copy of each (customer, dedup key) decides it; later copies are duplicates
        Map<String, UsageEventV1> firstByKey = new HashMap<>();
        accepted.forEach(e -> firstByKey.putIfAbsent(e.customerId() + '\u0001' + e.dedupKey(), e));
        assertTrue(firstByKey.size() >= EVENTS / 10 && refusedSent >= EVENTS / 10,
                "the generator mixes accepted and refused events: " + firstByKey.size() + " / " + refusedSent + " " + reasons);
        String[] ids = { customers.get(0), customers.get(1), ghost };
        await().atMost(WAIT).until(() -> statuses(ids).keySet().containsAll(firstByKey.keySet()));

        Map<String, String> status = new HashMap<>();
        for (List<Object> row : rows("""
                SELECT customer_id || chr(1) || dedup_key, status, reject_reason FROM usage_events
                WHERE customer_id = ANY(?)""", (Object) ids)) {
            String key = (String) row.get(0);
            assertTrue(status.put(key, (String) row.get(1)) == null, "one row per dedup key: " + key);
            if ("REJECTED".equals(row.get(1))) {
                assertTrue(row.get(2) != null && !((String) row.get(2)).isBlank(), "a rejection has its reason");
            }
        }
        Set<String> undecided = new HashSet<>();
        firstByKey.forEach((key, event) -> {
            String s = status.get(key);
            if (s == null) {
                undecided.add(key + " " + event);
            } else if (event.customerId().equals(ghost)) {
                assertEquals("REJECTED", s, "unknown customer: " + key);
            } else {
                assertTrue(s.equals("PRICED") || s.equals("UNPRICED"), key + " is " + s);
            }
        });
        assertEquals(Set.of(), undecided, "accepted events left PENDING");
        CostFixtures.assertLedgerInvariants(customers.toArray(String[]::new));
        Audit.assertClean(ids);
    }

    private static Map<String, String> statuses(String[] ids) {
        Map<String, String> status = new HashMap<>();
        rows("SELECT customer_id || chr(1) || dedup_key, status FROM usage_events WHERE customer_id = ANY(?)",
                (Object) ids).forEach(row -> status.put((String) row.get(0), (String) row.get(1)));
        return status;
    }

    private static Arbitrary<UsageEventV1> events(List<String> customers, String model) {
        Arbitrary<String> customer = Arbitraries.of(customers);
        Arbitrary<EventType> type = Arbitraries.frequency(Tuple.of(6, EventType.TOKEN_USAGE),
                Tuple.of(2, EventType.API_CALL), Tuple.of(1, EventType.CUSTOM), Tuple.of(1, EventType.AUDIO));
        Arbitrary<String> label = Arbitraries.oneOf(Arbitraries.of("chat", "summarize", "naïve café", "日本語", "😀"),
                hostileText());
        Arbitrary<String> modelName = Arbitraries.frequency(Tuple.of(8, model), Tuple.of(1, "unknown-model"),
                Tuple.of(1, "bad\u0000model"));
        Arbitrary<Long> count = Arbitraries.oneOf(Arbitraries.longs().between(0, 5000),
                Arbitraries.of(0L, -1L, UsageEventRules.MAX_TOKENS, UsageEventRules.MAX_TOKENS + 1, Long.MAX_VALUE));
        Arbitrary<long[]> tokens = Combinators.combine(count, count).as((in, out) -> new long[] { in, out });
        Arbitrary<BigDecimal> quantity = Arbitraries.oneOf(Arbitraries.bigDecimals().between(BigDecimal.ZERO,
                new BigDecimal("1000")).ofScale(6), Arbitraries.of(new BigDecimal("1e17"), new BigDecimal("-1"),
                new BigDecimal("0.0000000000000000001"), new BigDecimal("1e12")));
        Arbitrary<String> key = Arbitraries.of("k1", "k2", "k3", "abc\ud800", "x\u0000y").injectNull(0.6);
        Arbitrary<JsonNode> metadata = hostileText().map(HostileEventsTest::metadataWith).injectNull(0.5);
        return Combinators.combine(customer, type, label, modelName, tokens, quantity, key, metadata)
                .as((c, t, feature, m, counts, q, k, meta) -> {
                    boolean tok = t == EventType.TOKEN_USAGE;
                    return new UsageEventV1(1, UUID.randomUUID(), c, t, feature, tok ? "openai" : null,
                            tok ? m : null, tok ? counts[0] : 0, 0, 0, tok ? counts[1] : 0, tok ? null : q,
                            t == EventType.CUSTOM ? "pages" : null, NOW, null, null, meta, k, UUID.randomUUID(), NOW);
                });
    }

    /** Strings that broke things before: NUL, other controls, lone surrogates, long text, odd whitespace. */
    private static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                Arbitraries.of("a\u0000b", "tab\there", "\u0085next", "abc\ud800", "\udc00", "\u007f", " ", "",
                        "x".repeat(129), "'; DROP TABLE usage_events; --", "<script>alert(1)</script>"),
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12));
    }

    private static JsonNode metadataWith(String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("note", value);
        node.putObject("nested").put(value.isEmpty() ? "k" : value, 1);
        return node;
    }
}
