package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.messaging.UsageEventsConsumer;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;

/** Effectively-once billing under redelivery, dead letters, and a database outage. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class DeliveryTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass("usage-priced", "usage-events-dlq");

    @Inject
    UsageEventsConsumer consumer;

    @Inject
    MeterRegistry registry;

    @Test
    void aWholeBatchDeliveredTwiceBurnsOnce() {
        String model = unique("twice");
        rate("openai", model, "INPUT_TOKEN", "1.5", 1_000_000, JAN, null);
        rate("openai", model, "OUTPUT_TOKEN", "4.5", 1_000_000, JAN, null);
        List<String> customers = List.of(customer("twice", "1000", "0", "1"), customer("twice", "1000", "0", "1"),
                customer("twice", "1000", "0", "1"), customer("twice", "1000", "0", "1.25"));
        List<ProducerRecord<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String customer = customers.get(i % customers.size());
            UsageEventV1 e = tokens(customer, "openai", model, MAR, 1000 + i, 0, 0, 10 * i);
            batch.add(new ProducerRecord<>(MeterlineServices.topic("usage-events"), customer, json(e)));
        }

        kafka.produceStrings().fromRecords(batch).awaitCompletion();
        await().atMost(WAIT).until(() -> stored(customers) == 200 && pricedRecords(customers) == 200);
        Map<String, BigDecimal> balances = balances(customers);
        long burns = burns(customers);

        kafka.produceStrings().fromRecords(batch).awaitCompletion();

        // downstream sees every event again (at-least-once), the wallets do not
        await().atMost(WAIT).until(() -> pricedRecords(customers) == 400);
        assertEquals(200, stored(customers));
        assertEquals(balances, balances(customers));
        assertEquals(burns, burns(customers));
        CostFixtures.assertLedgerInvariants(customers.toArray(String[]::new));
    }

    @Test
    void recordsReplayedWithTheirOriginalOffsetsBurnNothingTwice() {
        String model = unique("replay");
        rate("google", model, "INPUT_TOKEN", "0.3", 1_000_000, JAN, null);
        List<String> customers = List.of(customer("replay", "10", "0", "1"), customer("replay", "10", "0", "1"));
        List<ProducerRecord<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String customer = customers.get(i % 2);
            batch.add(new ProducerRecord<>(MeterlineServices.topic("usage-events"), customer,
                    json(tokens(customer, "google", model, MAR, 100_000, 0, 0, 0))));
        }
        kafka.produceStrings().fromRecords(batch).awaitCompletion();
        await().atMost(WAIT).until(() -> stored(customers) == 100 && pricedRecords(customers) == 100);
        Map<String, BigDecimal> balances = balances(customers);
        long burns = burns(customers);
        assertEquals(0, new BigDecimal("-1490").compareTo(balances.get(customers.get(0))), "10 - 50 x 0.03 USD x 1000");

        // Simulates a crash after the commit and before the offset commit: the very same records (same topic,
        // partition and offset) come back to the worker.
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> replay = new HashMap<>();
        try (KafkaCompanion reader = Kafka.companion()) {
            ConsumerTask<String, String> all = reader.consumeStrings()
                    .fromTopics(MeterlineServices.topic("usage-events"));
            await().atMost(WAIT).until(() -> mine(all.getRecords(), customers).size() == 100);
            for (ConsumerRecord<String, String> r : mine(all.getRecords(), customers)) {
                replay.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                        .add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
                                r.value().getBytes(StandardCharsets.UTF_8)));
            }
            all.close();
        }
        consumer.consume(new ConsumerRecords<>(replay, Map.of())).await().atMost(WAIT);

        assertEquals(balances, balances(customers));
        assertEquals(burns, burns(customers), "no burn from the replay");
        assertEquals(100, stored(customers));
        await().atMost(WAIT).until(() -> pricedRecords(customers) == 200);
        CostFixtures.assertLedgerInvariants(customers.toArray(String[]::new));
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicAndThePartitionKeepsGoing() {
        String model = unique("dlq");
        rate("xai", model, "OUTPUT_TOKEN", "15", 1_000_000, JAN, null);
        String customer = customer("dlq", "5", "0", "1");
        String ghost = unique("ghost");
        UsageEventV1 good = tokens(customer, "xai", model, MAR, 0, 0, 0, 1000);
        UsageEventV1 unknown = tokens(ghost, "xai", model, MAR, 0, 0, 0, 1);
        String topic = MeterlineServices.topic("usage-events");
        // all with the same key: one partition, the bad records come first
        kafka.produceStrings().fromRecords(List.of(
                new ProducerRecord<>(topic, customer, "{not json"),
                new ProducerRecord<>(topic, customer, json(good).replace("\"schema_version\":1", "\"schema_version\":2")),
                new ProducerRecord<>(topic, customer, json(unknown)),
                new ProducerRecord<>(topic, customer, json(good)))).awaitCompletion();

        await().atMost(WAIT).until(() -> "PRICED".equals(CostFixtures.status(customer, good.eventId())));
        assertEquals(0, new BigDecimal("-10").compareTo(balance(customer)));
        await().atMost(WAIT).until(() -> dead(customer).size() == 3);
        List<ConsumerRecord<String, String>> dead = dead(customer);
        List<String> reasons = dead.stream().map(r -> envelope(r).get("reason").asText()).toList();
        assertTrue(reasons.get(0).startsWith("undecodable JSON"), reasons.get(0));
        assertEquals("unsupported schema_version 2", reasons.get(1));
        assertTrue(reasons.get(2).startsWith("unknown customer"), reasons.get(2));
        JsonNode first = envelope(dead.get(0));
        assertEquals("{not json", first.get("payload").asText());
        assertEquals(topic, first.get("topic").asText());
        assertEquals(reasons.get(0), new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(),
                StandardCharsets.UTF_8));
        assertEquals(Long.toString(first.get("offset").asLong()), new String(
                dead.get(0).headers().lastHeader("dead-letter-offset").value(), StandardCharsets.UTF_8));
        // the unknown customer's event is REJECTED (never PENDING), and nothing is billed for it
        assertEquals("REJECTED", CostFixtures.status(ghost, unknown.eventId()));
        assertEquals(1, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", ghost));
        CostFixtures.assertLedgerInvariants(customer);
        Audit.assertClean(ghost);
    }

    @Test
    void aDatabaseOutagePausesTheBatchAndItResumesByItself() {
        String model = unique("outage");
        rate("cohere", model, "INPUT_TOKEN", "1", 1_000_000, JAN, null);
        String customer = customer("outage", "100", "0", "1");
        double retriesBefore = retries();
        CostFixtures.sql("ALTER TABLE wallet_transactions RENAME TO wallet_transactions_offline");
        try {
            List<ProducerRecord<String, String>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(new ProducerRecord<>(MeterlineServices.topic("usage-events"), customer,
                        json(tokens(customer, "cohere", model, MAR, 1000, 0, 0, 0))));
            }
            kafka.produceStrings().fromRecords(batch).awaitCompletion();
            await().atMost(WAIT).until(() -> retries() >= retriesBefore + 2);
            // the transaction that inserted the usage rows rolled back: nothing half-done is visible
            assertEquals(0, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", customer));
            assertEquals(0, new BigDecimal("100").compareTo(balance(customer)));
        } finally {
            CostFixtures.sql("ALTER TABLE wallet_transactions_offline RENAME TO wallet_transactions");
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM usage_events WHERE customer_id = ? "
                + "AND status = 'PRICED'", customer) == 10);
        assertEquals(0, new BigDecimal("90").compareTo(balance(customer)));
        CostFixtures.assertLedgerInvariants(customer);
    }

    private double retries() {
        return registry.counter("meterline.cost.batch.retries").count();
    }

    private static List<ConsumerRecord<String, String>> mine(List<ConsumerRecord<String, String>> records,
            List<String> customers) {
        Set<String> keys = Set.copyOf(customers);
        return records.stream().filter(r -> keys.contains(r.key())).toList();
    }

    private static List<ConsumerRecord<String, String>> dead(String customer) {
        return kafka.consumer("usage-events-dlq").getRecords().stream().filter(r -> customer.equals(r.key()))
                .toList();
    }

    private static JsonNode envelope(ConsumerRecord<String, String> record) {
        try {
            return CostFixtures.JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long pricedRecords(List<String> customers) {
        return mine(kafka.consumer("usage-priced").getRecords(), customers).size();
    }

    private static long stored(List<String> customers) {
        return count("SELECT count(*) FROM usage_events WHERE customer_id = ANY(?)",
                (Object) customers.toArray(String[]::new));
    }

    private static long burns(List<String> customers) {
        return count("SELECT count(*) FROM wallet_transactions WHERE type = 'BURN' AND customer_id = ANY(?)",
                (Object) customers.toArray(String[]::new));
    }

    private static Map<String, BigDecimal> balances(List<String> customers) {
        Map<String, BigDecimal> balances = new HashMap<>();
        customers.forEach(c -> balances.put(c, balance(c).stripTrailingZeros()));
        return balances;
    }
}
