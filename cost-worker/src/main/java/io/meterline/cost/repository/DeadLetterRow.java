package io.meterline.cost.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A consumed record that could not be billed, as stored in dead_letters: where it came from, why, its value byte
 * for byte, and the event's identity when it could be read ({@code customerId}, {@code eventId} and
 * {@code dedupKey} are all set or all null; only then does the event also get a REJECTED usage row). Every text
 * here already satisfies the shared string rule, so Postgres cannot refuse the row.
 */
public record DeadLetterRow(String topic, int partition, long offset, String key, byte[] payload,
        Instant recordTimestamp, String reason, String customerId, UUID eventId, String dedupKey) {

    public boolean identified() {
        return customerId != null;
    }
}
