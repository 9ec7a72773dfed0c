package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.topUp;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Top-ups and burns on the same wallets at the same time: every row takes its place in the wallet's sequence
 * under the wallet lock, so the ledger chains in seq order and ends at the exact balance, however they interleave.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class LedgerConcurrencyTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final int EVENTS = 3000;
    private static final int TOP_UPS = 200;

    @Test
    void topUpsRacingBurnsStillChainInSequence() throws Exception {
        String model = unique("race");
        rate("openai", model, "INPUT_TOKEN", "2", 1_000_000, JAN, null);
        String a = customer("race", "0", "0", "1");
        String b = customer("race", "0", "0", "1");
        List<ProducerRecord<String, String>> records = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            String id = i % 2 == 0 ? a : b;
            records.add(new ProducerRecord<>(MeterlineServices.topic("usage-events"), id,
                    json(tokens(id, "openai", model, JAN.plusSeconds(i), 1000, 0, 0, 0))));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KafkaCompanion kafka = Kafka.companion()) {
            List<Future<?>> topUps = new ArrayList<>();
            for (int i = 0; i < TOP_UPS; i++) {
                String id = i % 2 == 0 ? a : b;
                String key = "race-" + i;
                topUps.add(pool.submit(() -> topUp(id, "1.5", key)));
            }
            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofMinutes(2));
            for (Future<?> f : topUps) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown();
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> count(
                "SELECT count(*) FROM usage_events WHERE customer_id IN (?, ?)", a, b) == EVENTS);
        // each wallet: 100 top-ups of 1.5 credits, 1500 events of 1000 tokens at 2 USD per million = 2 credits each
        BigDecimal expected = new BigDecimal("150").subtract(new BigDecimal("3000"));
        for (String id : List.of(a, b)) {
            assertEquals(0, expected.compareTo(balance(id)), "exact balance of " + id);
            assertEquals(TOP_UPS / 2 + 1, count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ? "
                    + "AND type = 'TOP_UP'", id), "opening row and every top-up of " + id);
            CostFixtures.assertLedgerInvariants(id);
        }
    }
}
