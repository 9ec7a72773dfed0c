package io.meterline.aggregation.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.meterline.common.webhook.WebhookOutbox;
import io.meterline.common.webhook.WebhookSignature;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Test steps on webhook tables, as the admin API and the event sources would write them. */
final class Endpoints {

    private Endpoints() {
    }

    static String customer(Pool pool, String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
        exec(pool, "INSERT INTO customers (id, name) VALUES ($1, $1)", Tuple.of(id));
        return id;
    }

    /** An enabled endpoint; answers its id. */
    static UUID create(Pool pool, String customerId, String url, String secret, String... types) {
        UUID id = UUID.randomUUID();
        exec(pool, "INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret) VALUES ($1, $2, $3, $4, $5)",
                Tuple.of(id, customerId, url, types, secret));
        return id;
    }

    /** Leaves nothing for later passes (other tests share the database): the endpoint can no longer be claimed. */
    static void disable(Pool pool, UUID endpointId) {
        exec(pool, "UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = $1",
                Tuple.of(endpointId));
    }

    /** Enqueues in a transaction of its own; answers how many deliveries it wrote. */
    static int enqueue(Pool pool, String customerId, String type, JsonObject data) {
        return pool.withTransaction(tx -> WebhookOutbox.enqueue(tx, customerId, type, Instant.now(), data))
                .await().indefinitely();
    }

    static String newSecret() {
        return WebhookSignature.newSecret();
    }

    /** The endpoint's deliveries, oldest first. */
    static List<Row> deliveries(Pool pool, UUID endpointId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at, message_id")
                .execute(Tuple.of(endpointId)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    /** A delivery's attempts in order. */
    static List<Row> attempts(Pool pool, UUID deliveryId) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("SELECT * FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt")
                .execute(Tuple.of(deliveryId)).await().indefinitely().forEach(rows::add);
        return rows;
    }

    static Row endpoint(Pool pool, UUID endpointId) {
        return pool.preparedQuery("SELECT * FROM webhook_endpoints WHERE id = $1").execute(Tuple.of(endpointId))
                .await().indefinitely().iterator().next();
    }

    static void exec(Pool pool, String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
