package io.meterline.common.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one way into {@code webhook_deliveries}: a delivery row is written in the caller's transaction, the one that
 * decides the event (a burn crossing a line, a period closing), so the event is announced if and only if that
 * transaction commits; a sender (the aggregation worker) posts it later, retrying until it is delivered or fails
 * for good. Each event gets one row per enabled endpoint subscribed to its type: the customer's own endpoints and
 * the operator's global ones (customer_id NULL). No endpoint subscribed, no row, one cheap statement. The fan-out
 * itself is the SQL function {@code webhook_fan_out} (V25), shared with SQL callers (the auto top-up trigger).
 *
 * <p>Callers in any service pass their transaction's connection; nothing here commits. Order between the events of
 * one endpoint is not kept by the sender (retries overtake), so payloads carry what a receiver needs to order them.
 */
public final class WebhookOutbox {

    /** The SQL function {@code webhook_fan_out} (V25), which the ledger's auto top-up trigger calls too. */
    private static final String FAN_OUT = "SELECT webhook_fan_out($1::text[], $2::text[], $3::text[], $4::text[])";

    private static final String TO_ENDPOINT = """
            INSERT INTO webhook_deliveries (id, endpoint_id, message_id, event_type, customer_id, body, status,
                                            next_attempt_at)
            SELECT $1, e.id, $3, $4, e.customer_id, $5, 'PENDING', now() FROM webhook_endpoints e WHERE e.id = $2""";

    private WebhookOutbox() {
    }

    /** Announces one event of {@code customerId} that happened now; answers how many deliveries were written. */
    public static Uni<Integer> enqueue(SqlClient tx, String customerId, String type, JsonObject data) {
        return enqueue(tx, customerId, type, Instant.now(), data);
    }

    public static Uni<Integer> enqueue(SqlClient tx, String customerId, String type, Instant occurredAt,
            JsonObject data) {
        return enqueueAll(tx, List.of(WebhookEvent.of(customerId, type, occurredAt, data)));
    }

    /** Announces several events in one statement; answers how many deliveries were written. */
    public static Uni<Integer> enqueueAll(SqlClient tx, List<WebhookEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = events.size();
        String[] ids = new String[n], customers = new String[n], types = new String[n], bodies = new String[n];
        for (int i = 0; i < n; i++) {
            WebhookEvent e = events.get(i);
            ids[i] = e.messageId();
            customers[i] = e.customerId();
            types[i] = e.type();
            bodies[i] = e.body();
        }
        return tx.preparedQuery(FAN_OUT).execute(Tuple.of(ids, customers, types, bodies))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /**
     * Sends an event to one endpoint whatever its subscriptions (a {@code webhook.test}); answers the delivery id,
     * or null when the endpoint does not exist.
     */
    public static Uni<UUID> enqueueTo(SqlClient tx, UUID endpointId, WebhookEvent event) {
        UUID id = UUID.randomUUID();
        return tx.preparedQuery(TO_ENDPOINT)
                .execute(Tuple.from(new Object[] { id, endpointId, event.messageId(), event.type(), event.body() }))
                .map(rows -> rows.rowCount() == 0 ? null : id);
    }
}
