package io.meterline.aggregation.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.meterline.aggregation.webhooks.WebhookReceiver.Received;
import io.meterline.common.webhook.WebhookOutbox;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The sender against a real receiver that checks every delivery with the official Standard Webhooks verifier.
 * Each test uses its own endpoint and receiver path and disables its endpoint at the end, since the database is
 * shared; a pass may also send other tests' leftovers, so assertions name this test's rows only.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class WebhookSenderTest {

    static WebhookReceiver receiver;

    @Inject
    Pool pool;

    @Inject
    WebhookSender sender;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void theOfficialVerifierAcceptsEveryDeliveryAlsoWithTwoSecretsAfterRotation() throws Exception {
        String customer = Endpoints.customer(pool, "wh-verify");
        String secret = Endpoints.newSecret();
        String path = "/verify-" + UUID.randomUUID();
        receiver.setup(path, List.of(secret), List.of(200));
        UUID endpoint = Endpoints.create(pool, customer, receiver.url(path), secret, "wallet.low_balance",
                "wallet.depleted");

        assertEquals(1, Endpoints.enqueue(pool, customer, "wallet.low_balance", alert("12.5")));
        assertEquals(1, Endpoints.enqueue(pool, customer, "wallet.depleted", alert("-0.000000000000000001")));
        assertEquals(0, Endpoints.enqueue(pool, customer, "aggregation.completed", new JsonObject()),
                "a type the endpoint does not subscribe to is not written");
        sender.pass().await().indefinitely();

        List<Received> received = receiver.received(path);
        List<Row> deliveries = Endpoints.deliveries(pool, endpoint);
        assertEquals(2, received.size());
        assertEquals(2, deliveries.size());
        for (int i = 0; i < 2; i++) {
            Received r = received.get(i);
            assertEquals(List.of(true), r.verified(), "official verifier: " + r.errors());
            assertEquals(1, r.signature().split(" ").length);
            Row delivery = deliveries.stream().filter(d -> d.getString("message_id").equals(r.id())).findFirst()
                    .orElseThrow();
            assertEquals(delivery.getString("body"), r.body(), "the body sent is the body stored and signed");
            assertEquals("DELIVERED", delivery.getString("status"));
            assertEquals(200, delivery.getInteger("last_status_code"));
            List<Row> attempts = Endpoints.attempts(pool, delivery.getUUID("id"));
            assertEquals(1, attempts.size());
            assertEquals("DELIVERED", attempts.get(0).getString("outcome"));
            assertTrue(attempts.get(0).getString("response_excerpt").contains("\"received\":true"));
            assertNotNull(attempts.get(0).getInteger("latency_ms"));
        }
        JsonObject body = new JsonObject(received.get(0).body());
        assertEquals(Set.of("type", "timestamp", "data"), body.fieldNames());
        assertTrue(Set.of("12.5", "-0.000000000000000001").contains(body.getJsonObject("data").getString("balance_after")),
                "money is a string on the wire");

        // rotation: the new secret signs, and the old one still does until it expires
        String rotated = Endpoints.newSecret();
        Endpoints.exec(pool, """
                UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = now() + interval '24 hours',
                    secret = $2 WHERE id = $1""", Tuple.of(endpoint, rotated));
        receiver.setup(path, List.of(secret, rotated), List.of(200));
        Endpoints.enqueue(pool, customer, "wallet.low_balance", alert("7"));
        sender.pass().await().indefinitely();
        Received both = receiver.received(path).get(2);
        assertEquals(2, both.signature().split(" ").length, both.signature());
        assertEquals(List.of(true, true), both.verified(), "old and new secret each verify alone: " + both.errors());

        Endpoints.exec(pool, "UPDATE webhook_endpoints SET previous_secret_expires_at = now() - interval '1 second' "
                + "WHERE id = $1", Tuple.of(endpoint));
        Endpoints.enqueue(pool, customer, "wallet.low_balance", alert("6"));
        sender.pass().await().indefinitely();
        Received after = receiver.received(path).get(3);
        assertEquals(1, after.signature().split(" ").length);
        assertEquals(List.of(false, true), after.verified(), "an expired secret no longer signs");
        Endpoints.disable(pool, endpoint);
    }

    @Test
    void aFailingReceiverGetsTheSameWebhookIdWithBackoffUntilItAnswers2xx() throws Exception {
        String customer = Endpoints.customer(pool, "wh-retry");
        String secret = Endpoints.newSecret();
        String path = "/retry-" + UUID.randomUUID();
        receiver.setup(path, List.of(secret), List.of(500, 500, 200));
        UUID endpoint = Endpoints.create(pool, customer, receiver.url(path), secret, "*");
        Endpoints.enqueue(pool, customer, "wallet.depleted", alert("-3"));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            sender.pass().await().indefinitely();
            return "DELIVERED".equals(Endpoints.deliveries(pool, endpoint).get(0).getString("status"));
        });

        List<Received> received = receiver.received(path);
        assertEquals(3, received.size());
        assertEquals(1, received.stream().map(Received::id).distinct().count(), "same webhook-id on every attempt");
        received.forEach(r -> assertEquals(List.of(true), r.verified(), r.errors().toString()));
        Row delivery = Endpoints.deliveries(pool, endpoint).get(0);
        assertEquals(3, delivery.getInteger("attempts"));
        List<Row> attempts = Endpoints.attempts(pool, delivery.getUUID("id"));
        assertEquals(List.of("FAILED", "FAILED", "DELIVERED"), attempts.stream().map(a -> a.getString("outcome")).toList());
        assertEquals(List.of(500, 500, 200), attempts.stream().map(a -> a.getInteger("status_code")).toList());
        assertEquals("answered HTTP 500", attempts.get(0).getString("error"));
        // test backoff: 100 ms then 400 ms (the cap), each -20 % at worst
        assertTrue(gapMillis(attempts, 0) >= 80, "first pause " + gapMillis(attempts, 0));
        assertTrue(gapMillis(attempts, 1) >= 320, "second pause " + gapMillis(attempts, 1));
        Row health = Endpoints.endpoint(pool, endpoint);
        assertEquals(0, health.getInteger("consecutive_failures"), "a success clears the failure count");
        assertNull(health.getOffsetDateTime("failing_since"));
        Endpoints.disable(pool, endpoint);
    }

    @Test
    void afterTheLastAttemptTheDeliveryFailsAndTheEndpointIsMarkedFailing() throws Exception {
        String customer = Endpoints.customer(pool, "wh-exhaust");
        String secret = Endpoints.newSecret();
        String path = "/exhaust-" + UUID.randomUUID();
        receiver.setup(path, List.of(secret), List.of(503));
        UUID endpoint = Endpoints.create(pool, customer, receiver.url(path), secret, "wallet.depleted");
        Endpoints.enqueue(pool, customer, "wallet.depleted", alert("-1"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            sender.pass().await().indefinitely();
            return "FAILED".equals(Endpoints.deliveries(pool, endpoint).get(0).getString("status"));
        });
        Row delivery = Endpoints.deliveries(pool, endpoint).get(0);
        assertEquals(8, delivery.getInteger("attempts"), "the default: 8 attempts");
        assertNull(delivery.getOffsetDateTime("next_attempt_at"));
        assertEquals(8, receiver.received(path).size());
        Row health = Endpoints.endpoint(pool, endpoint);
        assertEquals(8, health.getInteger("consecutive_failures"));
        assertNotNull(health.getOffsetDateTime("failing_since"), "failing after 5 failures in a row");
        assertTrue(health.getBoolean("enabled"), "failing is a mark, the endpoint stays enabled");
        Endpoints.disable(pool, endpoint);
    }

    @Test
    void gone410DisablesTheEndpoint() throws Exception {
        String customer = Endpoints.customer(pool, "wh-gone");
        String secret = Endpoints.newSecret();
        String path = "/gone-" + UUID.randomUUID();
        receiver.setup(path, List.of(secret), List.of(410));
        UUID endpoint = Endpoints.create(pool, customer, receiver.url(path), secret, "wallet.depleted");
        Endpoints.enqueue(pool, customer, "wallet.depleted", alert("-1"));
        sender.pass().await().indefinitely();

        Row delivery = Endpoints.deliveries(pool, endpoint).get(0);
        assertEquals("FAILED", delivery.getString("status"));
        assertEquals("GONE", Endpoints.attempts(pool, delivery.getUUID("id")).get(0).getString("outcome"));
        Row disabled = Endpoints.endpoint(pool, endpoint);
        assertFalse(disabled.getBoolean("enabled"));
        assertEquals("GONE", disabled.getString("disabled_reason"));
        assertEquals(0, Endpoints.enqueue(pool, customer, "wallet.depleted", alert("-2")),
                "a disabled endpoint gets no new deliveries");
        assertEquals(1, receiver.received(path).size());
    }

    @Test
    void theDeliveryRowIsWrittenInTheCallersTransaction() {
        String customer = Endpoints.customer(pool, "wh-tx");
        UUID endpoint = Endpoints.create(pool, customer, "http://127.0.0.1:9/", Endpoints.newSecret(), "*");
        assertThrows(IllegalStateException.class, () -> pool.withTransaction(tx -> WebhookOutbox
                .enqueue(tx, customer, "wallet.depleted", Instant.now(), alert("-1"))
                .chain(written -> {
                    assertEquals(1, written);
                    return Uni.createFrom().failure(new IllegalStateException("the caller's transaction fails"));
                })).await().indefinitely());
        assertEquals(0, Endpoints.deliveries(pool, endpoint).size(), "rolled back with the caller's transaction");

        Endpoints.enqueue(pool, customer, "wallet.depleted", alert("-1"));
        assertEquals(1, Endpoints.deliveries(pool, endpoint).size());
        Endpoints.disable(pool, endpoint);
    }

    @Test
    void eachEventReachesTheCustomersAndTheGlobalEndpointsSubscribedToIt() {
        String customer = Endpoints.customer(pool, "wh-fan");
        String other = Endpoints.customer(pool, "wh-fan-other");
        String url = "http://127.0.0.1:9/";
        UUID own = Endpoints.create(pool, customer, url, Endpoints.newSecret(), "wallet.low_balance");
        UUID all = Endpoints.create(pool, customer, url, Endpoints.newSecret(), "*");
        UUID unsubscribed = Endpoints.create(pool, customer, url, Endpoints.newSecret(), "wallet.depleted");
        UUID othersOwn = Endpoints.create(pool, other, url, Endpoints.newSecret(), "wallet.low_balance");
        UUID disabled = Endpoints.create(pool, customer, url, Endpoints.newSecret(), "wallet.low_balance");
        Endpoints.disable(pool, disabled);
        UUID global = Endpoints.create(pool, null, url, Endpoints.newSecret(), "wallet.low_balance");
        try {
            assertEquals(3, Endpoints.enqueue(pool, customer, "wallet.low_balance", alert("1")));
            Set<String> ids = new HashSet<>();
            for (UUID endpoint : List.of(own, all, global)) {
                List<Row> rows = Endpoints.deliveries(pool, endpoint);
                assertEquals(1, rows.size());
                ids.add(rows.get(0).getString("message_id"));
            }
            assertEquals(1, ids.size(), "one message id for the event, on every endpoint");
            for (UUID endpoint : List.of(unsubscribed, othersOwn, disabled)) {
                assertEquals(0, Endpoints.deliveries(pool, endpoint).size());
            }
        } finally {
            for (UUID endpoint : List.of(own, all, unsubscribed, othersOwn, global)) {
                Endpoints.disable(pool, endpoint);
            }
        }
    }

    @Test
    void twoSendersRunningAtOnceNeverMakeTheSameAttempt() throws Exception {
        String customer = Endpoints.customer(pool, "wh-two");
        String secret = Endpoints.newSecret();
        String path = "/two-" + UUID.randomUUID();
        receiver.setup(path, List.of(secret), List.of(200));
        UUID endpoint = Endpoints.create(pool, customer, receiver.url(path), secret, "*");
        int n = 150;
        for (int i = 0; i < n; i++) {
            Endpoints.enqueue(pool, customer, "wallet.low_balance", alert(Integer.toString(i)));
        }

        Uni.combine().all().unis(sender.pass(), sender.pass()).asTuple().await().atMost(Duration.ofSeconds(60));

        List<Received> received = receiver.received(path);
        assertEquals(n, received.size(), "every delivery sent once");
        assertEquals(n, received.stream().map(Received::id).distinct().count());
        for (Row delivery : Endpoints.deliveries(pool, endpoint)) {
            assertEquals("DELIVERED", delivery.getString("status"));
            assertEquals(1, delivery.getInteger("attempts"));
            assertEquals(1, Endpoints.attempts(pool, delivery.getUUID("id")).size());
        }
        Endpoints.disable(pool, endpoint);
    }

    private static long gapMillis(List<Row> attempts, int i) {
        return Duration.between(attempts.get(i).getOffsetDateTime("attempted_at"),
                attempts.get(i + 1).getOffsetDateTime("attempted_at")).toMillis();
    }

    static JsonObject alert(String balanceAfter) {
        return new JsonObject().put("balance_after", balanceAfter);
    }
}
