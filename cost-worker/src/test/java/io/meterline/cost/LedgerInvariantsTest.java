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

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The ledger invariants of the issue after many thousand events over many wallets, against exact expectations. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class LedgerInvariantsTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final int WALLETS = 100;
    private static final int EVENTS = 10_000;

    @Test
    void everyWalletChainsAndBalancesAfterManyThousandEvents() {
        String model = unique("inv");
        String unknown = unique("inv-unknown");
        rate("anthropic", model, "INPUT_TOKEN", "3", 1_000_000, JAN, null);
        rate("anthropic", model, "CACHED_INPUT_TOKEN", "0.3", 1_000_000, JAN, null);
        rate("anthropic", model, "CACHE_WRITE_TOKEN", "3.75", 1_000_000, JAN, null);
        rate("anthropic", model, "OUTPUT_TOKEN", "15", 1_000_000, JAN, null);
        List<String> customers = new ArrayList<>();
        Map<String, BigDecimal> expected = new HashMap<>();
        for (int i = 0; i < WALLETS; i++) {
            String multiplier = i % 3 == 0 ? "1.1" : "1";
            String id = customer("inv", "50", "10", multiplier);
            customers.add(id);
            expected.put(id, new BigDecimal("50"));
        }
        Random random = new Random(42);
        List<ProducerRecord<String, String>> records = new ArrayList<>(EVENTS);
        int unpriced = 0;
        for (int i = 0; i < EVENTS; i++) {
            String id = customers.get(random.nextInt(WALLETS));
            long in = random.nextInt(5000), cached = random.nextInt(20000), write = random.nextInt(3000);
            long out = random.nextInt(2000);
            boolean priced = random.nextInt(20) != 0;
            unpriced += priced ? 0 : 1;
            records.add(new ProducerRecord<>(MeterlineServices.topic("usage-events"), id,
                    json(tokens(id, "anthropic", priced ? model : unknown, JAN.plusSeconds(i), in, cached, write,
                            out))));
            if (priced) {
                BigDecimal usd = BigDecimal.valueOf(in * 3_000_000L + cached * 300_000L + write * 3_750_000L
                        + out * 15_000_000L).movePointLeft(12);
                BigDecimal multiplier = customers.indexOf(id) % 3 == 0 ? new BigDecimal("1.1") : BigDecimal.ONE;
                expected.merge(id, usd.multiply(new BigDecimal(1000)).multiply(multiplier).negate(), BigDecimal::add);
            }
        }
        try (KafkaCompanion kafka = Kafka.companion()) {
            kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofMinutes(2));
        }

        String[] ids = customers.toArray(String[]::new);
        await().atMost(Duration.ofMinutes(3)).until(() -> count(
                "SELECT count(*) FROM usage_events WHERE customer_id = ANY(?)", (Object) ids) == EVENTS);
        assertEquals(unpriced, count("SELECT count(*) FROM usage_events WHERE customer_id = ANY(?) "
                + "AND status = 'UNPRICED'", (Object) ids));
        for (String id : customers) {
            assertEquals(0, expected.get(id).compareTo(balance(id)), "exact balance of " + id);
        }
        CostFixtures.assertLedgerInvariants(ids);
    }
}
