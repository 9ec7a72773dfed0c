package io.meterline.common.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * One event to announce: its message id (the {@code webhook-id} of every delivery of it, on every endpoint and
 * every retry) and the body every delivery sends, {@code {"type", "timestamp", "data"}} as the Standard Webhooks
 * specification recommends. {@code customerId} null means an operator-wide event (only global endpoints get it).
 * Money in {@code data} goes as a string holding a plain decimal, as everywhere in the API.
 */
public record WebhookEvent(String messageId, String customerId, String type, Instant occurredAt, String body) {

    /** The largest body the outbox stores: the specification recommends small payloads, receivers cap theirs. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public WebhookEvent {
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("webhook body of " + type + " over " + MAX_BODY_BYTES + " bytes");
        }
    }

    /** A new event with a fresh message id ({@code msg_} + 32 hex digits, no '.' as the signature scheme needs). */
    public static WebhookEvent of(String customerId, String type, Instant occurredAt, JsonObject data) {
        String body = new JsonObject().put("type", type).put("timestamp", occurredAt.toString()).put("data", data)
                .encode();
        return new WebhookEvent(newMessageId(), customerId, type, occurredAt, body);
    }

    public static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }
}
