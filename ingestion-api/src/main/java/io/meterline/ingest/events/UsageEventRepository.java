package io.meterline.ingest.events;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads what the cost worker stored about one event (usage_events and usage_duplicates are written only by the cost
 * worker). A REJECTED row carries only the event's identity, received_at and reject_reason (its other columns are
 * NULL).
 */
@ApplicationScoped
public class UsageEventRepository {

    /** One stored event as the status endpoint shows it. */
    public record StoredEvent(UUID eventId, String status, BigDecimal costUsd, BigDecimal credits, String eventType,
                              String featureId, String provider, String model, OffsetDateTime eventTime,
                              OffsetDateTime receivedAt, OffsetDateTime processedAt, UUID batchId,
                              String rejectReason, BigDecimal refundedCredits) {
    }

    /**
     * An accepted event the cost worker did not store because its idempotency key already belongs to event
     * {@code duplicateOf} (usage_duplicates, V38); it was not billed.
     */
    public record DuplicateEvent(UUID eventId, UUID duplicateOf, OffsetDateTime receivedAt,
                                 OffsetDateTime recordedAt) {
    }

    private final Pool pool;

    public UsageEventRepository(Pool pool) {
        this.pool = pool;
    }

    /** refunded_credits: what the event's refunds (V20) add up to, for a PRICED event; else null. */
    private static final String COLUMNS = """
            event_id, status, cost_usd, credits, event_type, feature_id, provider, model, event_time, received_at,
            processed_at, batch_id, reject_reason,
            CASE WHEN status = 'PRICED' THEN (SELECT coalesce(sum(r.amount), 0) FROM refunds r
                WHERE r.customer_id = usage_events.customer_id AND r.event_dedup_key = usage_events.dedup_key)
            END AS refunded_credits""";

    /**
     * The customer's event with this id; null when there is none. Should a client have reused an event_id with
     * different idempotency keys, the most recently processed row answers. Two disjoint look-ups: events without
     * an idempotency key through the primary key, the others through the partial event_id index (migration V11).
     */
    public Uni<StoredEvent> find(String customerId, UUID eventId) {
        return pool.preparedQuery("""
                SELECT %1$s FROM usage_events WHERE customer_id = $2 AND dedup_key = $1::uuid::text AND event_id = $1::uuid
                UNION ALL
                SELECT %1$s FROM usage_events WHERE customer_id = $2 AND event_id = $1::uuid AND dedup_key <> event_id::text
                ORDER BY processed_at DESC LIMIT 1
                """.formatted(COLUMNS)).execute(Tuple.of(eventId, customerId))
                .map(rows -> rows.rowCount() == 0 ? null : toEvent(rows.iterator().next()));
    }

    /** The customer's event recorded as a duplicate of another, by primary key; null when there is none. */
    public Uni<DuplicateEvent> findDuplicate(String customerId, UUID eventId) {
        return pool.preparedQuery("""
                SELECT event_id, duplicate_of, received_at, recorded_at FROM usage_duplicates
                WHERE customer_id = $1 AND event_id = $2
                """).execute(Tuple.of(customerId, eventId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new DuplicateEvent(row.getUUID("event_id"), row.getUUID("duplicate_of"),
                            row.getOffsetDateTime("received_at"), row.getOffsetDateTime("recorded_at"));
                });
    }

    private static StoredEvent toEvent(Row row) {
        return new StoredEvent(row.getUUID("event_id"), row.getString("status"), row.getBigDecimal("cost_usd"),
                row.getBigDecimal("credits"), row.getString("event_type"), row.getString("feature_id"),
                row.getString("provider"), row.getString("model"), row.getOffsetDateTime("event_time"),
                row.getOffsetDateTime("received_at"), row.getOffsetDateTime("processed_at"), row.getUUID("batch_id"),
                row.getString("reject_reason"), row.getBigDecimal("refunded_credits"));
    }
}
