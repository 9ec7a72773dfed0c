package io.meterline.aggregation.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

/** METERLINE_WEBHOOKS_DRY_RUN=true: every delivery is decided and recorded as DRY_RUN, nothing reaches a receiver. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
@TestProfile(WebhookDryRunTest.DryRun.class)
class WebhookDryRunTest {

    public static class DryRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meterline.webhooks.dry-run", "true");
        }
    }

    @Inject
    Pool pool;

    @Inject
    WebhookSender sender;

    @Test
    void decidedAndRecordedButNothingSent() throws Exception {
        try (CountingServer server = new CountingServer()) {
            String customer = Endpoints.customer(pool, "wh-dry");
            UUID endpoint = Endpoints.create(pool, customer, "http://127.0.0.1:" + server.port() + "/hook",
                    Endpoints.newSecret(), "wallet.depleted");
            Endpoints.enqueue(pool, customer, "wallet.depleted", WebhookSenderTest.alert("-1"));
            sender.pass().await().indefinitely();

            Row delivery = Endpoints.deliveries(pool, endpoint).get(0);
            assertEquals("DRY_RUN", delivery.getString("status"));
            assertNull(delivery.getOffsetDateTime("next_attempt_at"));
            List<Row> attempts = Endpoints.attempts(pool, delivery.getUUID("id"));
            assertEquals(1, attempts.size());
            assertEquals("DRY_RUN", attempts.get(0).getString("outcome"));
            assertNull(attempts.get(0).getInteger("status_code"));
            assertEquals(0, server.requests(), "nothing was sent");
            assertEquals(0, Endpoints.endpoint(pool, endpoint).getInteger("consecutive_failures"));
            Endpoints.disable(pool, endpoint);
        }
    }
}
