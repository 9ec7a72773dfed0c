package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.sql;
import static io.meterline.cost.CostFixtures.status;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.webhook.WebhookSignature;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * wallet.low_balance and wallet.depleted webhooks are written to the outbox in the burn's transaction, once per
 * crossing: not for a batch that crosses nothing, not again for a redelivered batch; by re-pricing too.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class WalletWebhooksTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass();

    @Test
    void oneWebhookPerCrossingInTheBurnsTransaction() throws Exception {
        String model = unique("wh-m");
        rate("openai", model, "OUTPUT_TOKEN", "10", 1_000_000, JAN, null);
        String customer = customer("wh-alerts", "60", "50", "1");
        UUID endpoint = endpoint(customer);

        UsageEventV1 first = tokens(customer, "openai", model, MAR, 0, 0, 0, 2000); // 20 credits: 60 -> 40, below 50
        produce(first);
        await().atMost(WAIT).until(() -> deliveries(endpoint).size() == 1);
        produce(first); // redelivered: stored once, burned once, announced once
        produce(tokens(customer, "openai", model, MAR, 0, 0, 0, 1000)); // 40 -> 30: no new crossing
        produce(tokens(customer, "openai", model, MAR, 0, 0, 0, 5000)); // 30 -> -20: below zero
        await().atMost(WAIT).until(() -> balance(customer).compareTo(new BigDecimal("-20")) == 0);
        await().atMost(WAIT).until(() -> deliveries(endpoint).size() == 2);

        List<JsonNode> sent = deliveries(endpoint);
        assertEquals("wallet.low_balance", sent.get(0).get("type").asText());
        JsonNode low = sent.get(0).get("data");
        assertEquals(customer, low.get("customer_id").asText());
        assertEquals("60.000000000000000000", low.get("balance_before").asText());
        assertEquals("40.000000000000000000", low.get("balance_after").asText());
        assertEquals("50.000000000000000000", low.get("low_balance_threshold").asText());
        assertEquals(low.get("ledger_tx_id").asLong() + ":LOW_BALANCE", low.get("alert_id").asText());
        assertEquals("wallet.depleted", sent.get(1).get("type").asText());
        assertEquals("-20.000000000000000000", sent.get(1).get("data").get("balance_after").asText());
        assertEquals(1L, rows("SELECT count(*) FROM usage_events WHERE customer_id = ? AND event_id = ?", customer,
                first.eventId()).get(0).get(0));
        disable(endpoint);
        Audit.assertClean(customer);
    }

    @Test
    void aRepricedBurnThatCrossesALineIsAnnounced() throws Exception {
        String model = unique("wh-late");
        String customer = customer("wh-reprice", "10", "0", "1");
        UUID endpoint = endpoint(customer);
        UsageEventV1 event = tokens(customer, "openai", model, MAR, 0, 0, 0, 3000);
        produce(event);
        await().atMost(WAIT).until(() -> "UNPRICED".equals(status(customer, event.eventId())));
        assertEquals(0, deliveries(endpoint).size());

        rate("openai", model, "OUTPUT_TOKEN", "10", 1_000_000, JAN, null); // 30 credits: 10 -> -20
        await().atMost(WAIT).until(() -> deliveries(endpoint).size() == 1);
        assertEquals("wallet.depleted", deliveries(endpoint).get(0).get("type").asText());
        disable(endpoint);
        Audit.assertClean(customer);
    }

    private static UUID endpoint(String customer) {
        UUID id = UUID.randomUUID();
        sql("INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret) VALUES (?, ?, ?, ?, ?)", id,
                customer, "http://127.0.0.1:9/", new String[] { "wallet.low_balance", "wallet.depleted" },
                WebhookSignature.newSecret());
        return id;
    }

    private static void disable(UUID endpoint) {
        sql("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = ?", endpoint);
    }

    /** The bodies of the endpoint's deliveries, in the order they were written. */
    private static List<JsonNode> deliveries(UUID endpoint) {
        return rows("SELECT body FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at, message_id",
                endpoint).stream().map(row -> {
                    try {
                        return CostFixtures.JSON.readTree((String) row.get(0));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static void produce(UsageEventV1 event) {
        kafka.produceStrings().fromRecords(List.of(new ProducerRecord<>(MeterlineServices.topic("usage-events"),
                event.customerId(), json(event)))).awaitCompletion();
    }
}
