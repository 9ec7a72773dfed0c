package io.meterline.ingest.webhooks;

import static io.meterline.ingest.webhooks.EndpointRepository.instant;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.meterline.ingest.webhooks.DeliveryView.AttemptView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Admin-side SQL on webhook_deliveries and webhook_attempts: the delivery log and manual redelivery. */
@ApplicationScoped
public class DeliveryRepository {

    private static final String COLUMNS = """
            id, endpoint_id, message_id, event_type, status, attempts, next_attempt_at, last_status_code, last_error,
            created_at, finished_at, body""";

    /** An endpoint's deliveries, newest first, before the (created_at, id) cursor, optionally of one status. */
    public Uni<List<DeliveryView>> list(SqlClient sql, UUID endpointId, String status, Instant beforeCreated,
            UUID beforeId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM webhook_deliveries
                WHERE endpoint_id = $1 AND ($2::text IS NULL OR status = $2)
                  AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
                ORDER BY created_at DESC, id DESC LIMIT $5""")
                .execute(Tuple.from(new Object[] { endpointId, status,
                        beforeCreated == null ? null : beforeCreated.atOffset(ZoneOffset.UTC), beforeId, limit }))
                .map(rows -> {
                    List<DeliveryView> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(from(row)));
                    return list;
                });
    }

    /** The attempts of these deliveries, by delivery, in order. */
    public Uni<Map<UUID, List<AttemptView>>> attempts(SqlClient sql, List<UUID> deliveryIds) {
        return sql.preparedQuery("""
                SELECT delivery_id, attempt, outcome, status_code, latency_ms, response_excerpt, error, attempted_at
                FROM webhook_attempts WHERE delivery_id = ANY ($1) ORDER BY delivery_id, attempt""")
                .execute(Tuple.of(deliveryIds.toArray(UUID[]::new))).map(rows -> {
                    Map<UUID, List<AttemptView>> byDelivery = new HashMap<>();
                    for (Row row : rows) {
                        byDelivery.computeIfAbsent(row.getUUID("delivery_id"), id -> new ArrayList<>()).add(
                                new AttemptView(row.getInteger("attempt"), row.getString("outcome"),
                                        row.getInteger("status_code"), row.getInteger("latency_ms"),
                                        row.getString("response_excerpt"), row.getString("error"),
                                        instant(row.getOffsetDateTime("attempted_at"))));
                    }
                    return byDelivery;
                });
    }

    /**
     * Makes the delivery due now, with a fresh round of attempts, whatever its status; the webhook-id and body stay.
     * Null when the endpoint has no such delivery.
     */
    public Uni<DeliveryView> redeliver(SqlClient sql, UUID endpointId, UUID deliveryId) {
        return sql.preparedQuery("""
                UPDATE webhook_deliveries SET status = 'PENDING', next_attempt_at = now(), attempts_base = attempts,
                    finished_at = NULL, updated_at = now()
                WHERE id = $1 AND endpoint_id = $2 RETURNING\s""" + COLUMNS).execute(Tuple.of(deliveryId, endpointId))
                .map(rows -> rows.rowCount() == 0 ? null : from(rows.iterator().next()));
    }

    private static DeliveryView from(Row row) {
        return new DeliveryView(row.getUUID("id"), row.getUUID("endpoint_id"), row.getString("message_id"),
                row.getString("event_type"), row.getString("status"), row.getInteger("attempts"),
                instant(row.getOffsetDateTime("next_attempt_at")), row.getInteger("last_status_code"),
                row.getString("last_error"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("finished_at")), row.getString("body"), List.of());
    }
}
