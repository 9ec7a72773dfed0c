package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.meterline.common.event.UsageEventV1;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An idempotency key reused under another event id on another UTC day (which the edge's per-day dedup lets
 * through): never billed again, recorded in usage_duplicates so its status resolves; a redelivery is not recorded.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class DuplicateKeyTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR_1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant MAR_2 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass("usage-priced", "usage-events-dlq");

    @Test
    void aKeyReusedOnAnotherDayIsRecordedAsADuplicateAndBilledOnce() {
        String model = unique("dupkey");
        rate("openai", model, "INPUT_TOKEN", "1", 1_000_000, JAN, null);
        String customer = customer("dupkey", "100", "0", "1");
        String key = unique("k");
        UsageEventV1 a = keyed(tokens(customer, "openai", model, MAR_1, 1_000_000, 0, 0, 0), key);
        send(customer, a);
        await().atMost(WAIT).until(() -> "PRICED".equals(CostFixtures.status(customer, a.eventId())));

        // a redelivery of A itself, then a marker on the same partition: once the marker is stored, A was skipped
        UsageEventV1 marker = tokens(customer, "openai", model, MAR_1, 1_000_000, 0, 0, 0);
        send(customer, a);
        send(customer, marker);
        await().atMost(WAIT).until(() -> CostFixtures.status(customer, marker.eventId()) != null);
        assertEquals(0, duplicates(customer));

        UsageEventV1 b = keyed(tokens(customer, "openai", model, MAR_2, 1_000_000, 0, 0, 0), key);
        send(customer, b);
        await().atMost(WAIT).until(() -> duplicates(customer) == 1);
        List<Object> dup = rows("SELECT event_id, dedup_key, duplicate_of, received_at IS NOT NULL "
                + "FROM usage_duplicates WHERE customer_id = ?", customer).get(0);
        assertEquals(List.of(b.eventId(), key, a.eventId(), true), dup);
        assertEquals(List.of(List.of(a.eventId())), rows("SELECT event_id FROM usage_events "
                + "WHERE customer_id = ? AND dedup_key = ?", customer, key));
        assertEquals(null, CostFixtures.status(customer, b.eventId()));
        assertEquals(2, count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ? AND type = 'BURN'",
                customer)); // A's and the marker's, nothing for B or the redelivery
        assertEquals(2, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", customer));
        assertCharged(customer, 2);

        // downstream: A's record (again, for its redelivery) and the markers', none for B, which was not billed
        UsageEventV1 last = tokens(customer, "openai", model, MAR_2, 1_000_000, 0, 0, 0);
        send(customer, last);
        await().atMost(WAIT).until(() -> pricedValues(customer).stream().anyMatch(v -> v.contains(
                last.eventId().toString())));
        List<String> priced = pricedValues(customer);
        assertTrue(priced.stream().anyMatch(v -> v.contains(a.eventId().toString())), priced.toString());
        assertTrue(priced.stream().noneMatch(v -> v.contains(b.eventId().toString())), priced.toString());
        CostFixtures.assertLedgerInvariants(customer);
    }

    private static List<String> pricedValues(String customer) {
        return kafka.consumer("usage-priced").getRecords().stream().filter(r -> customer.equals(r.key()))
                .map(ConsumerRecord::value).toList();
    }

    @Test
    void twoEventIdsWithOneKeySentTogetherStoreOneAndRecordTheOther() {
        String model = unique("dupkey2");
        rate("openai", model, "INPUT_TOKEN", "1", 1_000_000, JAN, null);
        String customer = customer("dupkey2", "100", "0", "1");
        String key = unique("k");
        UsageEventV1 first = keyed(tokens(customer, "openai", model, MAR_1, 1_000_000, 0, 0, 0), key);
        UsageEventV1 second = keyed(tokens(customer, "openai", model, MAR_2, 1_000_000, 0, 0, 0), key);
        send(customer, first);
        send(customer, second);
        await().atMost(WAIT).until(() -> duplicates(customer) == 1);
        assertEquals(List.of(List.of(second.eventId(), first.eventId())), rows(
                "SELECT event_id, duplicate_of FROM usage_duplicates WHERE customer_id = ?", customer));
        assertEquals(1, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", customer));
        assertCharged(customer, 1);
        CostFixtures.assertLedgerInvariants(customer);
    }

    /** The wallet paid exactly {@code events} times one event's credits (every event here costs the same). */
    private static void assertCharged(String customer, int events) {
        BigDecimal credits = (BigDecimal) rows("SELECT credits FROM usage_events WHERE customer_id = ? LIMIT 1",
                customer).get(0).get(0);
        assertEquals(0, new BigDecimal("100").subtract(credits.multiply(BigDecimal.valueOf(events)))
                .compareTo(balance(customer)));
    }

    private static UsageEventV1 keyed(UsageEventV1 e, String idempotencyKey) {
        return new UsageEventV1(e.schemaVersion(), e.eventId(), e.customerId(), e.eventType(), e.featureId(),
                e.provider(), e.model(), e.inputTokens(), e.cachedInputTokens(), e.cacheWriteTokens(),
                e.outputTokens(), e.quantity(), e.unit(), e.timestamp(), e.userId(), e.teamId(), e.metadata(),
                idempotencyKey, e.batchId(), e.receivedAt(), e.reservationId());
    }

    private static void send(String customer, UsageEventV1 event) {
        kafka.produceStrings().fromRecords(List.of(new ProducerRecord<>(MeterlineServices.topic("usage-events"),
                customer, json(event)))).awaitCompletion();
    }

    private static long duplicates(String customer) {
        return count("SELECT count(*) FROM usage_duplicates WHERE customer_id = ?", customer);
    }
}
