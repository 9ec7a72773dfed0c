package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.rows;
import static io.meterline.cost.CostFixtures.sql;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.topUp;
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

import io.meterline.common.event.TopUpRequestedV1;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.webhook.WebhookSignature;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The burn (set-based ledger_post inside the cost worker's statement) cannot bypass auto top-up: several burns
 * below the threshold request once, in the burn's transaction (the webhook delivery and the wallet-alerts outbox
 * row are there), and a TOP_UP re-arms it for the next crossing.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AutoTopUpBurnTest {

    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final Kafka kafka = Kafka.perClass();

    @Test
    void severalBurnsBelowTheThresholdRequestOnce() throws Exception {
        String model = unique("atu-m");
        rate("openai", model, "OUTPUT_TOKEN", "10", 1_000_000, Instant.parse("2026-01-01T00:00:00Z"), null);
        String customer = customer("atu-burn", "60", "0", "1");
        sql("UPDATE wallets SET auto_top_up_threshold = 50, auto_top_up_target = 200 WHERE customer_id = ?", customer);
        UUID endpoint = UUID.randomUUID();
        sql("INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret) VALUES (?, ?, ?, ?, ?)",
                endpoint, customer, "http://127.0.0.1:9/", new String[] { "wallet.top_up_requested" },
                WebhookSignature.newSecret());

        burn(customer, tokens(customer, "openai", model, MAR, 0, 0, 0, 2000), "40"); // 20 credits: crosses 50
        burn(customer, tokens(customer, "openai", model, MAR, 0, 0, 0, 1000), "30");
        burn(customer, tokens(customer, "openai", model, MAR, 0, 0, 0, 1000), "20");
        assertEquals(1, requests(customer).size());
        List<JsonNode> sent = deliveries(endpoint);
        assertEquals(1, sent.size());
        assertEquals("wallet.top_up_requested", sent.get(0).get("type").asText());
        String request = requests(customer).get(0);
        assertEquals(request, sent.get(0).get("data").get("request_id").asText());
        assertEquals(0, new BigDecimal("160").compareTo(new BigDecimal(sent.get(0).get("data").get("amount").asText())));

        // the record waiting for the ingestion API's drain is the TopUpRequestedV1 of the same request
        List<List<Object>> outbox = rows("SELECT payload FROM wallet_movement_outbox WHERE customer_id = ? "
                + "AND stream = 'wallet-alerts'", customer);
        assertEquals(1, outbox.size());
        TopUpRequestedV1 record = CostFixtures.JSON.readValue((String) outbox.get(0).get(0), TopUpRequestedV1.class);
        assertEquals(TopUpRequestedV1.TYPE, record.type());
        assertEquals(request, record.requestId());
        assertEquals(0, new BigDecimal("160").compareTo(record.amount()));
        assertEquals(0, new BigDecimal("40").compareTo(record.available()));
        assertEquals(2L, record.ledgerSeq()); // the opening top-up is 1, the crossing burn 2

        topUp(customer, "150", "answer"); // 170: re-armed
        burn(customer, tokens(customer, "openai", model, MAR, 0, 0, 0, 13000), "40"); // 170 -> 40: crosses again
        assertEquals(2, requests(customer).size());
        assertEquals(2, deliveries(endpoint).size());
        sql("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = ?", endpoint);
        sql("DELETE FROM wallet_movement_outbox WHERE customer_id = ?", customer);
        Audit.assertClean(customer);
    }

    private static List<String> requests(String customer) {
        return rows("SELECT request_id FROM top_up_requests WHERE customer_id = ? ORDER BY ledger_seq", customer)
                .stream().map(row -> (String) row.get(0)).toList();
    }

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

    /** Produces the event and waits for its burn, so that each event is a batch (a ledger row) of its own. */
    private static void burn(String customer, UsageEventV1 event, String balanceAfter) {
        produce(event);
        await().atMost(WAIT).until(() -> balance(customer).compareTo(new BigDecimal(balanceAfter)) == 0);
    }

    private static void produce(UsageEventV1 event) {
        kafka.produceStrings().fromRecords(List.of(new ProducerRecord<>(MeterlineServices.topic("usage-events"),
                event.customerId(), json(event)))).awaitCompletion();
    }
}
