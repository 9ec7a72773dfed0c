package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.status;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.validation.UsageEventRules;
import io.meterline.cost.messaging.UsageEventsConsumer;
import io.meterline.cost.service.RateCatalogService;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Dead letters are stored in Postgres (REJECTED usage rows with their reason) and a replay bills them once. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class DeadLetterStoreTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass();

    @Inject
    UsageEventsConsumer consumer;

    @Inject
    RateCatalogService catalogue;

    @Test
    void undecodableAndUnknownCustomerRecordsEndInPostgres() {
        String ghost = unique("ghost");
        UsageEventV1 event = tokens(ghost, "openai", unique("m"), MAR, 10, 0, 0, 0);
        String topic = MeterlineServices.topic("usage-events");
        kafka.produceStrings().fromRecords(List.of(new ProducerRecord<>(topic, ghost, "{not json"),
                new ProducerRecord<>(topic, ghost, json(event)))).awaitCompletion();

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM dead_letters WHERE record_key = ?", ghost) == 2);
        List<List<Object>> letters = rows("""
                SELECT customer_id, event_id, dedup_key, reason, payload, source_topic, record_timestamp
                FROM dead_letters WHERE record_key = ? ORDER BY source_offset""", ghost);
        List<Object> undecodable = letters.get(0);
        assertNull(undecodable.get(0), "no identity in a record that is not JSON");
        assertTrue(((String) undecodable.get(3)).startsWith("undecodable JSON"), (String) undecodable.get(3));
        assertArrayEquals("{not json".getBytes(StandardCharsets.UTF_8), (byte[]) undecodable.get(4));
        assertEquals(topic, undecodable.get(5));
        List<Object> unknown = letters.get(1);
        assertEquals(ghost, unknown.get(0));
        assertEquals(event.eventId(), unknown.get(1));
        assertEquals(event.eventId().toString(), unknown.get(2));
        assertTrue(((String) unknown.get(3)).startsWith("unknown customer"), (String) unknown.get(3));
        assertEquals(json(event), new String((byte[]) unknown.get(4), StandardCharsets.UTF_8));

        List<Object> usage = rows("""
                SELECT status, reject_reason, event_time, ledger_tx_id FROM usage_events
                WHERE customer_id = ? AND dedup_key = ?""", ghost, event.eventId().toString()).get(0);
        assertEquals("REJECTED", usage.get(0));
        assertEquals(unknown.get(3), usage.get(1));
        assertNull(usage.get(2), "a REJECTED row holds no content, so it is in no rollup");
        assertNull(usage.get(3));
        Audit.assertClean(ghost);
    }

    @Test
    void anEventWithANulCharacterIsRejectedNotLeftPending() {
        String model = unique("nul");
        rate("openai", model, "INPUT_TOKEN", "1", 1_000_000, JAN, null);
        String customer = CostFixtures.customer("nul", "100", "0", "1");
        UsageEventV1 bad = tokens(customer, "openai", model, MAR, 1000, 0, 0, 0);
        UsageEventV1 good = tokens(customer, "openai", model, MAR, 1000, 0, 0, 0);
        // issue 11, case 2: Postgres refuses U+0000 in TEXT (or the decoder does, once it applies TextRules)
        produce(customer, json(bad).replace("\"feature_id\":\"chat\"", "\"feature_id\":\"ch\\u0000at\""));
        produce(customer, json(good));

        await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, good.eventId())));
        await().atMost(WAIT).until(() -> "REJECTED".equals(status(customer, bad.eventId())));
        String reason = (String) rows("SELECT reject_reason FROM usage_events WHERE customer_id = ? AND event_id = ?",
                customer, bad.eventId()).get(0).get(0);
        assertTrue(reason != null && !reason.isBlank());
        assertEquals(1, count("SELECT count(*) FROM dead_letters WHERE customer_id = ? AND event_id = ?", customer,
                bad.eventId()));
        assertEquals(0, new BigDecimal("99").compareTo(balance(customer)), "only the good event is charged");
        CostFixtures.assertLedgerInvariants(customer);
    }

    /** Issue 11: a wallet at the edge of NUMERIC(38,18) used to leave every later event of its customer PENDING. */
    @Test
    void aBurnThatWouldOverflowTheWalletIsRejectedAndOthersAreBilled() {
        String model = unique("edge");
        rate("openai", model, "INPUT_TOKEN", "1", 1_000_000, JAN, null);
        String full = CostFixtures.customer("edge", "0", "0", "1");
        String other = CostFixtures.customer("edge", "100", "0", "1");
        CostFixtures.sql("""
                SELECT * FROM ledger_post(ARRAY[?], ARRAY['ADJUSTMENT'], ARRAY[-99999999999999999999.9::numeric],
                                          ARRAY['to-the-edge'], ARRAY['test'], ARRAY[0], ARRAY[NULL::bigint])""", full);
        UsageEventV1 overflowing = tokens(full, "openai", model, MAR, 1_000_000, 0, 0, 0); // 1000 credits more
        UsageEventV1 fine = tokens(other, "openai", model, MAR, 1_000_000, 0, 0, 0); // 100 - 1000 credits
        produce(full, json(overflowing));
        produce(other, json(fine));

        await().atMost(WAIT).until(() -> "PRICED".equals(status(other, fine.eventId())));
        await().atMost(WAIT).until(() -> "REJECTED".equals(status(full, overflowing.eventId())));
        String reason = (String) rows("SELECT reject_reason FROM usage_events WHERE customer_id = ?", full).get(0)
                .get(0);
        assertTrue(reason.contains("overflow"), reason);
        assertEquals(0, new BigDecimal("-99999999999999999999.9").compareTo(balance(full)), "nothing was burned");
        assertEquals(0, new BigDecimal("-900").compareTo(balance(other)));
        CostFixtures.assertLedgerInvariants(full);
        CostFixtures.assertLedgerInvariants(other);
    }

    /**
     * Issue 11, the edge's bounds against the admin API's maxima: at a rate of 10^6 USD per token (MoneyBounds
     * PRICE_USD_MAX, unit_size 1) and a price multiplier of 1,000 (PRICE_MULTIPLIER_MAX), an event of 10^12 tokens
     * (UsageEventRules MAX_TOKENS) costs 10^18 USD, which its cost_usd holds, but 10^24 credits at 1,000 credits per
     * USD, past NUMERIC(38,18). It ends REJECTED with the reason, once; the rest of its batch, the same customer's
     * smaller event included, is billed.
     */
    @Test
    void anEventWhoseCreditsCannotBeStoredIsRejectedAndTheRestOfItsBatchIsBilled() {
        String model = unique("dearest");
        long dearest = rate("openai", model, "INPUT_TOKEN", "1000000", 1, JAN, null);
        String cheap = unique("cheap");
        long normal = rate("openai", cheap, "INPUT_TOKEN", "2", 1_000_000, JAN, null);
        String maximal = CostFixtures.customer("maximal", "100", "0", "1000");
        String other = CostFixtures.customer("beside", "100", "0", "1");
        UsageEventV1 huge = tokens(maximal, "openai", model, MAR, UsageEventRules.MAX_TOKENS, 0, 0, 0);
        UsageEventV1 one = tokens(maximal, "openai", model, MAR, 1, 0, 0, 0); // 10^6 USD x 1000 x 1000 = 10^12
        UsageEventV1 first = tokens(other, "openai", cheap, MAR, 500_000, 0, 0, 0); // 1 USD = 1000 credits
        UsageEventV1 second = tokens(other, "openai", cheap, MAR, 5_000, 0, 0, 0); // 0.01 USD = 10 credits
        catalogue.requestRefresh();
        await().atMost(WAIT).until(() -> catalogue.current().await().indefinitely().ids()
                .containsAll(List.of(dearest, normal)));
        String sourceTopic = unique("usage-events-maximal");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (UsageEventV1 event : List.of(first, huge, one, second)) {
            records.add(new ConsumerRecord<>(sourceTopic, 0, records.size(), event.customerId(),
                    json(event).getBytes(StandardCharsets.UTF_8)));
        }

        consumer.consume(new ConsumerRecords<>(Map.of(new TopicPartition(sourceTopic, 0), records), Map.of()))
                .await().atMost(WAIT);

        List<Object> rejected = rows("""
                SELECT status, reject_reason, credits, ledger_tx_id FROM usage_events
                WHERE customer_id = ? AND event_id = ?""", maximal, huge.eventId()).get(0);
        assertEquals("REJECTED", rejected.get(0));
        assertTrue(((String) rejected.get(1)).contains("numeric field overflow"), (String) rejected.get(1));
        assertNull(rejected.get(2));
        assertNull(rejected.get(3));
        assertEquals(1, count("SELECT count(*) FROM dead_letters WHERE source_topic = ? AND event_id = ?", sourceTopic,
                huge.eventId()));
        assertEquals(1, count("SELECT count(*) FROM dead_letters WHERE source_topic = ?", sourceTopic));
        List<Object> billed = rows("SELECT status, credits FROM usage_events WHERE customer_id = ? AND event_id = ?",
                maximal, one.eventId()).get(0);
        assertEquals("PRICED", billed.get(0));
        assertEquals(0, new BigDecimal("1000000000000").compareTo((BigDecimal) billed.get(1)));
        assertEquals("PRICED", status(other, first.eventId()));
        assertEquals("PRICED", status(other, second.eventId()));
        assertEquals(0, new BigDecimal("-999999999900").compareTo(balance(maximal)));
        assertEquals(0, new BigDecimal("-910").compareTo(balance(other)));
        assertEquals(2, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", maximal), "nothing PENDING");
        assertEquals(2, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", other), "nothing PENDING");
        CostFixtures.assertLedgerInvariants(maximal, other);
    }

    @Test
    void aRedeliveredBadRecordMakesNoSecondDeadLetter() {
        String ghost = unique("redelivered");
        UsageEventV1 event = tokens(ghost, "openai", unique("m"), MAR, 10, 0, 0, 0);
        String sourceTopic = unique("usage-events-redelivery");
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(sourceTopic, 2, 4711L, ghost,
                json(event).getBytes(StandardCharsets.UTF_8));
        ConsumerRecords<String, byte[]> batch = new ConsumerRecords<>(
                Map.of(new TopicPartition(sourceTopic, 2), List.of(record)), Map.of());

        consumer.consume(batch).await().atMost(WAIT);
        consumer.consume(batch).await().atMost(WAIT);

        assertEquals(1, count("SELECT count(*) FROM dead_letters WHERE source_topic = ?", sourceTopic));
        assertEquals(1, count("""
                SELECT count(*) FROM dead_letters
                WHERE source_topic = ? AND source_partition = 2 AND source_offset = 4711 AND customer_id = ?""",
                sourceTopic, ghost));
        assertEquals("REJECTED", status(ghost, event.eventId()));
        assertEquals(1, count("SELECT count(*) FROM usage_events WHERE customer_id = ?", ghost));
        Audit.assertClean(ghost);
    }

    @Test
    void aReplayedRecordTurnsItsRejectedRowIntoABilledOneExactlyOnce() {
        String model = unique("late");
        rate("mistral", model, "INPUT_TOKEN", "2", 1_000_000, JAN, null);
        String late = unique("late");
        UsageEventV1 event = tokens(late, "mistral", model, MAR, 500_000, 0, 0, 0); // 1 USD = 1000 credits
        produce(late, json(event));
        await().atMost(WAIT).until(() -> "REJECTED".equals(status(late, event.eventId())));

        createCustomer(late, "5000");
        produce(late, json(event)); // what POST /v1/admin/dead-letters/replay publishes: the payload, byte for byte
        await().atMost(WAIT).until(() -> "PRICED".equals(status(late, event.eventId())));
        List<Object> row = rows("SELECT reject_reason, credits, event_time, ledger_tx_id FROM usage_events "
                + "WHERE customer_id = ?", late).get(0);
        assertNull(row.get(0));
        assertEquals(0, new BigDecimal("1000").compareTo((BigDecimal) row.get(1)));
        assertEquals(MAR, ((java.sql.Timestamp) row.get(2)).toInstant());
        assertEquals(0, new BigDecimal("4000").compareTo(balance(late)));

        // a second replay: the row is no longer REJECTED, so nothing changes; a later event shows it was consumed
        produce(late, json(event));
        UsageEventV1 marker = tokens(late, "mistral", model, MAR, 5_000, 0, 0, 0);
        produce(late, json(marker));
        await().atMost(WAIT).until(() -> "PRICED".equals(status(late, marker.eventId())));
        assertEquals(0, new BigDecimal("3990").compareTo(balance(late)));
        assertEquals(2, count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ? AND type = 'BURN'", late));
        CostFixtures.assertLedgerInvariants(late);
    }

    private static void produce(String key, String value) {
        kafka.produceStrings().fromRecords(List.of(new ProducerRecord<>(MeterlineServices.topic("usage-events"), key,
                value))).awaitCompletion();
    }

    /** A customer with exactly this id, a wallet and the TOP_UP row that explains its balance. */
    private static void createCustomer(String id, String balance) {
        CostFixtures.sql("INSERT INTO customers (id, name) VALUES (?, ?)", id, id);
        CostFixtures.sql("INSERT INTO wallets (customer_id) VALUES (?)", id);
        CostFixtures.topUp(id, balance, "opening");
    }
}
