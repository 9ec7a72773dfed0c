package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.status;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.validation.UsageEventRules;
import io.meterline.cost.service.Repricer;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;

/** Re-pricing locks an UNPRICED row again only once the catalogue that could not price it has changed. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RepricingTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Repricer repricer;

    @Test
    void anUnpriceableRowIsNotLockedAgainUntilTheCatalogueChanges() {
        String model = unique("half");
        rate("mistral", model, "INPUT_TOKEN", "2", 1_000_000, JAN, null); // no output price yet
        String customer = customer("half", "50", "0", "1");
        UsageEventV1 event = tokens(customer, "mistral", model, MAR, 2000, 0, 0, 1000);
        try (KafkaCompanion kafka = Kafka.companion()) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(MeterlineServices.topic("usage-events"), customer,
                    json(event))).awaitCompletion(WAIT);
        }
        await().atMost(WAIT).until(() -> "UNPRICED".equals(status(customer, event.eventId())));
        // the catalogue knows the model, so a pass looks at the row, finds it unpriceable and marks it
        await().atMost(WAIT).until(() -> {
            repricer.pass().await().atMost(WAIT);
            return rows("SELECT unpriced_catalogue FROM usage_events WHERE customer_id = ?", customer).get(0).get(0)
                    != null;
        });
        Object mark = rows("SELECT unpriced_catalogue FROM usage_events WHERE customer_id = ?", customer).get(0).get(0);
        assertNotNull(mark);
        // the same catalogue again: the row is skipped, not locked (a row lock would put the new locker in xmax)
        Object lockedBy = rows("SELECT xmax::text FROM usage_events WHERE customer_id = ?", customer).get(0).get(0);
        repricer.pass().await().atMost(WAIT);
        assertEquals(lockedBy, rows("SELECT xmax::text FROM usage_events WHERE customer_id = ?", customer).get(0)
                .get(0));
        assertEquals(mark, rows("SELECT unpriced_catalogue FROM usage_events WHERE customer_id = ?", customer)
                .get(0).get(0));

        // the catalogue changes: the row is priced; (2000 x 2 + 1000 x 6) / 1e6 USD = 10 credits
        rate("mistral", model, "OUTPUT_TOKEN", "6", 1_000_000, JAN, null);
        await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, event.eventId())));
        assertEquals(0, new BigDecimal("40").compareTo(balance(customer)));
        CostFixtures.assertLedgerInvariants(customer);
    }

    /**
     * Issue 11: once its rate appears at the admin API's maxima (10^6 USD per token), an UNPRICED event of 10^12
     * tokens costs 10^18 USD, 10^21 credits or more: past NUMERIC(38,18). Its page of the pass used to fail on every
     * pass, so no event in or after it was ever re-priced. Now it alone stays UNPRICED (marked, so it is not locked
     * again until the catalogue changes), and every other event is priced and burned.
     */
    @Test
    void anEventWhoseCreditsCannotBeStoredStaysUnpricedAndTheOthersAreRepriced() {
        String model = unique("dearest");
        String maximal = customer("maximal", "100", "0", "1000");
        String other = customer("other", "100", "0", "1");
        UsageEventV1 huge = tokens(maximal, "openai", model, MAR, UsageEventRules.MAX_TOKENS, 0, 0, 0);
        UsageEventV1 one = tokens(maximal, "openai", model, MAR, 1, 0, 0, 0);
        UsageEventV1 normal = tokens(other, "openai", model, MAR, 1000, 0, 0, 0);
        try (KafkaCompanion kafka = Kafka.companion()) {
            kafka.produceStrings().fromRecords(Stream.of(huge, one, normal).map(e -> new ProducerRecord<>(
                    MeterlineServices.topic("usage-events"), e.customerId(), json(e))).toList()).awaitCompletion(WAIT);
        }
        await().atMost(WAIT).until(() -> Stream.of(huge, one, normal)
                .allMatch(e -> "UNPRICED".equals(status(e.customerId(), e.eventId()))));

        rate("openai", model, "INPUT_TOKEN", "1000000", 1, JAN, null);

        await().atMost(WAIT).until(() -> "PRICED".equals(status(other, normal.eventId()))
                && "PRICED".equals(status(maximal, one.eventId())));
        await().atMost(WAIT).until(() -> rows("""
                SELECT unpriced_catalogue FROM usage_events WHERE customer_id = ? AND event_id = ?""", maximal,
                huge.eventId()).get(0).get(0) != null);
        assertEquals("UNPRICED", status(maximal, huge.eventId()));
        // 1 token: 10^6 USD x 1000 credits per USD x 1000; 1000 tokens: 10^9 USD x 1000 credits per USD
        assertEquals(0, new BigDecimal("-999999999900").compareTo(balance(maximal)));
        assertEquals(0, new BigDecimal("-999999999900").compareTo(balance(other)));
        CostFixtures.assertLedgerInvariants(maximal, other);
    }
}
