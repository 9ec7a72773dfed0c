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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.UsageEventV1;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** End to end over real Kafka and Postgres: exact prices, rate versions, UNPRICED then re-priced, alerts. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class PricingFlowTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass("usage-priced", "wallet-alerts");

    static void produce(UsageEventV1... events) {
        kafka.produceStrings().fromRecords(java.util.Arrays.stream(events)
                .map(e -> new ProducerRecord<>(MeterlineServices.topic("usage-events"), e.customerId(), json(e)))
                .toList()).awaitCompletion();
    }

    static List<JsonNode> records(String topicKey, String customer) {
        return kafka.consumer(topicKey).getRecords().stream().filter(r -> customer.equals(r.key()))
                .map(ConsumerRecord::value).map(PricingFlowTest::parse).toList();
    }

    private static JsonNode parse(String value) {
        try {
            return CostFixtures.JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pricesInputCachedCacheWriteAndOutputTokensExactly() {
        String model = unique("claude-t");
        rate("anthropic", model, "INPUT_TOKEN", "3", 1_000_000, JAN, null);
        rate("anthropic", model, "CACHED_INPUT_TOKEN", "0.30", 1_000_000, JAN, null);
        rate("anthropic", model, "CACHE_WRITE_TOKEN", "3.75", 1_000_000, JAN, null);
        rate("anthropic", model, "OUTPUT_TOKEN", "15", 1_000_000, JAN, null);
        String customer = customer("exact", "100", "0", "2");
        UsageEventV1 event = tokens(customer, "anthropic", model, MAR, 1000, 20000, 4000, 500);

        produce(event);

        // (1000 x 3 + 20000 x 0.30 + 4000 x 3.75 + 500 x 15) / 1e6 = 0.0315 USD; x 1000 credits/USD x 2 = 63
        await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, event.eventId())));
        List<Object> row = rows("""
                SELECT cost_usd, credits, ledger_tx_id, price_multiplier, credits_per_usd FROM usage_events
                WHERE customer_id = ?""", customer).get(0);
        assertEquals(0, new BigDecimal("0.0315").compareTo((BigDecimal) row.get(0)));
        assertEquals(0, new BigDecimal("63").compareTo((BigDecimal) row.get(1)));
        assertEquals(0, new BigDecimal("2").compareTo((BigDecimal) row.get(3)), "multiplier stored with the charge");
        assertEquals(0, new BigDecimal("1000").compareTo((BigDecimal) row.get(4)), "credits per USD stored with it");
        assertEquals(0, new BigDecimal("37").compareTo(balance(customer)));
        List<Object> burn = rows("""
                SELECT amount, balance_before, balance_after, event_count FROM wallet_transactions
                WHERE id = ? AND type = 'BURN'
                """, row.get(2)).get(0);
        assertEquals(0, new BigDecimal("-63").compareTo((BigDecimal) burn.get(0)));
        assertEquals(0, new BigDecimal("100").compareTo((BigDecimal) burn.get(1)));
        assertEquals(0, new BigDecimal("37").compareTo((BigDecimal) burn.get(2)));
        assertEquals(1, burn.get(3));
        CostFixtures.assertLedgerInvariants(customer);

        await().atMost(WAIT).until(() -> records("usage-priced", customer).size() == 1);
        JsonNode out = records("usage-priced", customer).get(0);
        assertEquals("PRICED", out.get("status").asText());
        assertEquals("0.031500000000", out.get("cost_usd").asText());
        assertTrue(out.get("cost_usd").isTextual(), "money travels as a string");
        assertEquals("63.000000000000", out.get("credits").asText());
        assertEquals("37.000000000000", out.get("wallet_balance_after").asText());
        assertEquals(4, out.get("rate_ids").size());
    }

    @Test
    void choosesTheRateVersionValidAtTheEventTimestamp() {
        String model = unique("gpt-t");
        long old = rate("openai", model, "INPUT_TOKEN", "1", 1_000_000, JAN, MAR);
        long current = rate("openai", model, "INPUT_TOKEN", "2", 1_000_000, MAR, null);
        String customer = customer("version", "10", "0", "1");
        UsageEventV1 before = tokens(customer, "openai", model, MAR.minusSeconds(1), 1_000_000, 0, 0, 0);
        UsageEventV1 after = tokens(customer, "openai", model, MAR, 1_000_000, 0, 0, 0);

        produce(before, after);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM usage_events WHERE customer_id = ? "
                + "AND status = 'PRICED'", customer) == 2);
        assertEquals(0, new BigDecimal("1").compareTo(cost(customer, before)));
        assertEquals(0, new BigDecimal("2").compareTo(cost(customer, after)));
        assertEquals(List.of(List.of(old)), rows("SELECT rate_ids[1] FROM usage_events WHERE event_id = ?",
                before.eventId()));
        assertEquals(List.of(List.of(current)), rows("SELECT rate_ids[1] FROM usage_events WHERE event_id = ?",
                after.eventId()));
        // 3 USD x 1000 credits burned from 10: the balance goes negative, usage already happened
        assertEquals(0, new BigDecimal("-2990").compareTo(balance(customer)));
        CostFixtures.assertLedgerInvariants(customer);
    }

    /**
     * Credits per USD is one value in Postgres (billing_settings, what PUT /v1/admin/settings/billing writes), read
     * with every batch: a change prices the next batch, and each usage row keeps the value it was priced with.
     */
    @Test
    void aChangedCreditsPerUsdPricesTheNextBatchAndEarlierRowsKeepTheirs() {
        String model = unique("per-usd");
        rate("openai", model, "INPUT_TOKEN", "3", 1_000_000, JAN, null);
        String customer = customer("per-usd", "100", "0", "1.5");
        UsageEventV1 before = tokens(customer, "openai", model, MAR, 1_000_000, 0, 0, 0); // 3 USD
        UsageEventV1 after = tokens(customer, "openai", model, MAR, 2_000, 0, 0, 0); // 0.006 USD
        BigDecimal changed = new BigDecimal("250");
        BigDecimal original = (BigDecimal) rows("SELECT credits_per_usd FROM billing_settings").get(0).get(0);
        assertTrue(original.compareTo(changed) != 0, "the test changes the value: " + original);
        try {
            produce(before);
            await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, before.eventId())));

            CostFixtures.sql("UPDATE billing_settings SET credits_per_usd = ?, updated_at = now()", changed);
            produce(after);
            await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, after.eventId())));
        } finally {
            // the suite shares one database: every other test prices with the original value
            CostFixtures.sql("UPDATE billing_settings SET credits_per_usd = ?, updated_at = now()", original);
        }

        List<Object> late = tariffRow(customer, after);
        assertEquals(0, new BigDecimal("0.006").compareTo((BigDecimal) late.get(0)));
        assertEquals(0, changed.compareTo((BigDecimal) late.get(2)), "priced with the new value");
        assertEquals(0, new BigDecimal("1.5").compareTo((BigDecimal) late.get(3)));
        // 0.006 USD x 1.5 x 250 = 2.25 credits, exactly
        assertEquals(0, new BigDecimal("2.25").compareTo((BigDecimal) late.get(1)));
        assertEquals(0, ((BigDecimal) late.get(0)).multiply((BigDecimal) late.get(3)).multiply(changed)
                .compareTo((BigDecimal) late.get(1)));
        List<Object> early = tariffRow(customer, before);
        assertEquals(0, original.compareTo((BigDecimal) early.get(2)), "the earlier row keeps the value it was priced with");
        BigDecimal earlyCredits = new BigDecimal("3").multiply(new BigDecimal("1.5")).multiply(original);
        assertEquals(0, earlyCredits.compareTo((BigDecimal) early.get(1)));
        assertEquals(0, new BigDecimal("100").subtract(earlyCredits).subtract(new BigDecimal("2.25"))
                .compareTo(balance(customer)));
        CostFixtures.assertLedgerInvariants(customer);
    }

    /** cost_usd, credits, credits_per_usd and price_multiplier of the event's usage row. */
    private static List<Object> tariffRow(String customer, UsageEventV1 event) {
        return rows("""
                SELECT cost_usd, credits, credits_per_usd, price_multiplier FROM usage_events
                WHERE customer_id = ? AND event_id = ?""", customer, event.eventId()).get(0);
    }

    @Test
    void unknownModelIsUnpricedThenRepricedWhenARateAppears() {
        String model = unique("mystery");
        String customer = customer("unpriced", "50", "0", "1");
        UsageEventV1 event = tokens(customer, "mistral", model, MAR, 2000, 0, 0, 1000);

        produce(event);

        await().atMost(WAIT).until(() -> "UNPRICED".equals(status(customer, event.eventId())));
        assertEquals(0, new BigDecimal("50").compareTo(balance(customer)), "nothing burned for an unpriced event");
        assertEquals(0, count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ? AND type = 'BURN'",
                customer));
        await().atMost(WAIT).until(() -> records("usage-priced", customer).size() == 1);
        assertEquals("UNPRICED", records("usage-priced", customer).get(0).get("status").asText());
        assertTrue(records("usage-priced", customer).get(0).get("cost_usd") == null, "no zero price for a missing rate");

        // the admin adds the rates: NOTIFY -> catalogue reload -> re-pricing pass
        rate("mistral", model, "INPUT_TOKEN", "2", 1_000_000, JAN, null);
        rate("mistral", model, "OUTPUT_TOKEN", "6", 1_000_000, JAN, null);

        await().atMost(WAIT).until(() -> "PRICED".equals(status(customer, event.eventId())));
        // (2000 x 2 + 1000 x 6) / 1e6 = 0.01 USD = 10 credits
        assertEquals(0, new BigDecimal("40").compareTo(balance(customer)));
        CostFixtures.assertLedgerInvariants(customer);
        await().atMost(WAIT).until(() -> records("usage-priced", customer).size() == 2);
        JsonNode repriced = records("usage-priced", customer).get(1);
        assertEquals("PRICED", repriced.get("status").asText());
        assertTrue(repriced.get("repriced").asBoolean());
        assertEquals("10.000000000000", repriced.get("credits").asText());
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM usage_priced_outbox WHERE customer_id = ?",
                customer) == 0);
    }

    /** What a worker that died between a re-pricing commit and Kafka's acknowledgement leaves behind. */
    @Test
    void aRepricedRecordNeverAcknowledgedIsPublishedAgainWithItsAlerts() {
        String model = unique("outbox-m");
        rate("openai", model, "OUTPUT_TOKEN", "10", 1_000_000, JAN, null);
        String customer = customer("outbox", "30", "25", "1");
        UsageEventV1 event = tokens(customer, "openai", model, MAR, 0, 0, 0, 1000); // 10 credits: 30 -> 20, below 25
        produce(event);
        await().atMost(WAIT).until(() -> records("usage-priced", customer).size() == 1 && records("wallet-alerts", customer).size() == 1);

        CostFixtures.sql("INSERT INTO usage_priced_outbox (customer_id, dedup_key, created_at) "
                + "VALUES (?, ?, now() - interval '1 hour')", customer, event.eventId().toString());

        await().atMost(WAIT).until(() -> records("usage-priced", customer).size() == 2);
        JsonNode first = records("usage-priced", customer).get(0);
        JsonNode again = records("usage-priced", customer).get(1);
        assertTrue(again.get("repriced").asBoolean());
        for (String field : List.of("event_id", "status", "cost_usd", "credits", "ledger_tx_id", "wallet_balance_after")) {
            assertEquals(first.get(field), again.get(field), field + " comes from the stored row and its BURN row");
        }
        await().atMost(WAIT).until(() -> records("wallet-alerts", customer).size() == 2);
        assertEquals(records("wallet-alerts", customer).get(0), records("wallet-alerts", customer).get(1), "the BURN row's alert, again");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM usage_priced_outbox WHERE customer_id = ?",
                customer) == 0);
        assertEquals(0, new BigDecimal("20").compareTo(balance(customer)), "publishing again burns nothing");
        CostFixtures.assertLedgerInvariants(customer);
    }

    @Test
    void publishesOneAlertPerCrossing() {
        String model = unique("alert-m");
        rate("openai", model, "OUTPUT_TOKEN", "10", 1_000_000, JAN, null);
        String customer = customer("alerts", "60", "50", "1");

        produce(tokens(customer, "openai", model, MAR, 0, 0, 0, 2000));   // 20 credits: 60 -> 40, below 50
        await().atMost(WAIT).until(() -> records("wallet-alerts", customer).size() == 1);
        produce(tokens(customer, "openai", model, MAR, 0, 0, 0, 1000));   // 40 -> 30: no new crossing
        produce(tokens(customer, "openai", model, MAR, 0, 0, 0, 5000));   // 30 -> -20: below zero
        await().atMost(WAIT).until(() -> balance(customer).compareTo(new BigDecimal("-20")) == 0);
        await().atMost(WAIT).until(() -> records("wallet-alerts", customer).size() == 2);

        List<JsonNode> sent = records("wallet-alerts", customer);
        assertEquals("LOW_BALANCE", sent.get(0).get("type").asText());
        assertEquals("60.000000000000", sent.get(0).get("balance_before").asText());
        assertEquals("40.000000000000", sent.get(0).get("balance_after").asText());
        assertEquals("NEGATIVE_BALANCE", sent.get(1).get("type").asText());
        assertEquals("-20.000000000000", sent.get(1).get("balance_after").asText());
        CostFixtures.assertLedgerInvariants(customer);
    }

    private static BigDecimal cost(String customer, UsageEventV1 event) {
        return (BigDecimal) rows("SELECT cost_usd FROM usage_events WHERE customer_id = ? AND event_id = ?",
                customer, event.eventId()).get(0).get(0);
    }
}
