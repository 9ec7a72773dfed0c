package io.meterline.ingest.deadletters;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A row of dead_letters with its state as the admin API shows it: RESOLVED when the usage row of its
 * (customer_id, dedup_key) is PRICED or UNPRICED, else the stored OPEN or REPLAYED. {@code eventStatus} is that
 * usage row's status (REJECTED, PRICED, UNPRICED), null when there is none.
 */
record DeadLetterRow(long id, String state, String eventStatus, String reason, String customerId, UUID eventId,
        String dedupKey, String sourceTopic, int sourcePartition, long sourceOffset, String recordKey,
        byte[] payload, OffsetDateTime recordTimestamp, OffsetDateTime createdAt, OffsetDateTime replayedAt) {

    static DeadLetterRow from(Row row) {
        var payload = row.getBuffer("payload");
        return new DeadLetterRow(row.getLong("id"), row.getString("state"), row.getString("event_status"),
                row.getString("reason"), row.getString("customer_id"), row.getUUID("event_id"),
                row.getString("dedup_key"), row.getString("source_topic"), row.getInteger("source_partition"),
                row.getLong("source_offset"), row.getString("record_key"),
                payload == null ? null : payload.getBytes(), row.getOffsetDateTime("record_timestamp"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("replayed_at"));
    }
}
