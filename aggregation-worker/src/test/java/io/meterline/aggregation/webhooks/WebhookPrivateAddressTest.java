package io.meterline.aggregation.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/**
 * With private addresses not allowed (the production default), the sender resolves each endpoint's host at send
 * time and refuses loopback, private and link-local addresses, whatever was checked at registration: a name that
 * resolves to this machine (localhost) is refused like the literal address, and nothing is sent.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
@TestProfile(WebhookPrivateAddressTest.PrivateRefused.class)
class WebhookPrivateAddressTest {

    public static class PrivateRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meterline.webhooks.allow-private", "false");
        }
    }

    @Inject
    Pool pool;

    @Inject
    WebhookSender sender;

    @Test
    void privateLoopbackAndLinkLocalAddressesAreRefusedAtSendTime() throws Exception {
        try (CountingServer server = new CountingServer()) {
            String customer = Endpoints.customer(pool, "wh-ssrf");
            Map<String, String> cases = Map.of(
                    "http://localhost:" + server.port() + "/hook", "is a loopback address",
                    "http://127.0.0.1:" + server.port() + "/hook", "is a loopback address",
                    "http://[::ffff:127.0.0.1]:" + server.port() + "/hook", "is a loopback address",
                    "http://169.254.169.254/latest/meta-data/", "is a link-local address",
                    "http://10.20.30.40:8080/hook", "is a private address");
            for (Map.Entry<String, String> c : cases.entrySet()) {
                UUID endpoint = Endpoints.create(pool, customer, c.getKey(), Endpoints.newSecret(), "wallet.depleted");
                Endpoints.enqueue(pool, customer, "wallet.depleted", WebhookSenderTest.alert("-1"));
                sender.pass().await().indefinitely();
                Row delivery = Endpoints.deliveries(pool, endpoint).get(0);
                List<Row> attempts = Endpoints.attempts(pool, delivery.getUUID("id"));
                assertEquals(1, attempts.size(), c.getKey());
                assertEquals("REFUSED", attempts.get(0).getString("outcome"), c.getKey());
                assertTrue(attempts.get(0).getString("error").contains(c.getValue()),
                        c.getKey() + ": " + attempts.get(0).getString("error"));
                assertEquals("PENDING", delivery.getString("status"), "a refusal is a failed attempt, retried later");
                Endpoints.disable(pool, endpoint);
            }
            assertEquals(0, server.requests(), "nothing reached this machine");
        }
    }
}
