package io.meterline.common.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

class WebhookEventTest {

    @Test
    void bodyIsTypeTimestampDataInThatOrder() {
        WebhookEvent e = WebhookEvent.of("acme", "wallet.depleted", Instant.parse("2026-12-01T10:15:30.250Z"),
                new JsonObject().put("customer_id", "acme").put("balance_after", "-0.500000000000000000"));
        assertEquals("{\"type\":\"wallet.depleted\",\"timestamp\":\"2026-12-01T10:15:30.250Z\",\"data\":"
                + "{\"customer_id\":\"acme\",\"balance_after\":\"-0.500000000000000000\"}}", e.body());
        assertTrue(e.messageId().matches("msg_[0-9a-f]{32}"), e.messageId());
        assertNotEquals(e.messageId(), WebhookEvent.of("acme", "x", Instant.now(), new JsonObject()).messageId());
    }

    @Test
    void bodiesAreCapped() {
        JsonObject big = new JsonObject().put("blob", "x".repeat(WebhookEvent.MAX_BODY_BYTES));
        assertThrows(IllegalArgumentException.class, () -> WebhookEvent.of("acme", "t", Instant.now(), big));
    }

    @Test
    void subscribableTypesAreTheKnownOnesAndTheWildcard() {
        assertTrue(WebhookEventTypes.isSubscribable("*"));
        assertTrue(WebhookEventTypes.isSubscribable("grant.expiring"));
        assertEquals(false, WebhookEventTypes.isSubscribable("wallet.*"));
    }
}
