package io.meterline.cost.messaging;

import java.math.BigDecimal;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.meterline.common.event.UsageEventV1;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a usage-events record into a {@link UsageEventV1}, or says why it cannot be billed. Anything that fails
 * here goes to the dead-letter topic; nothing here throws, so one bad record never stops its partition.
 */
@ApplicationScoped
public class EventDecoder {

    /** Larger quantities are rejected: they cannot be a metered amount and would overflow NUMERIC(38,18). */
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1e15");

    /** Either {@code event} or {@code reason} is set. */
    public record Decoded(UsageEventV1 event, String reason) {
    }

    private final ObjectReader reader;

    public EventDecoder(ObjectMapper mapper) {
        this.reader = mapper.readerFor(UsageEventV1.class);
    }

    /** Parses the UTF-8 bytes as they came from the broker (no String in between). */
    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new Decoded(null, "empty record");
        }
        UsageEventV1 e;
        try {
            e = reader.readValue(record.value());
        } catch (Exception invalid) {
            return new Decoded(null, "undecodable JSON: " + firstLine(invalid.getMessage()));
        }
        String problem = problem(e);
        if (problem != null) {
            return new Decoded(null, problem);
        }
        if (e.receivedAt() == null) {
            e = withReceivedAt(e, Instant.ofEpochMilli(record.timestamp()));
        }
        return new Decoded(e, null);
    }

    static String problem(UsageEventV1 e) {
        if (e == null) {
            return "empty record";
        }
        if (e.schemaVersion() != UsageEventV1.SCHEMA_VERSION) {
            return "unsupported schema_version " + e.schemaVersion();
        }
        if (e.eventId() == null) {
            return "missing event_id";
        }
        if (e.customerId() == null || e.customerId().isBlank()) {
            return "missing customer_id";
        }
        if (e.eventType() == null) {
            return "missing event_type";
        }
        if (e.featureId() == null || e.featureId().isBlank()) {
            return "missing feature_id";
        }
        if (e.timestamp() == null) {
            return "missing timestamp";
        }
        if (e.idempotencyKey() != null && e.idempotencyKey().isEmpty()) {
            return "empty idempotency_key";
        }
        if (e.inputTokens() < 0 || e.cachedInputTokens() < 0 || e.cacheWriteTokens() < 0 || e.outputTokens() < 0) {
            return "negative token count";
        }
        if (e.quantity() != null && (e.quantity().signum() < 0 || e.quantity().compareTo(MAX_QUANTITY) > 0)) {
            return "quantity out of range";
        }
        return null;
    }

    private static UsageEventV1 withReceivedAt(UsageEventV1 e, Instant receivedAt) {
        return new UsageEventV1(e.schemaVersion(), e.eventId(), e.customerId(), e.eventType(), e.featureId(),
                e.provider(), e.model(), e.inputTokens(), e.cachedInputTokens(), e.cacheWriteTokens(),
                e.outputTokens(), e.quantity(), e.unit(), e.timestamp(), e.userId(), e.teamId(), e.metadata(),
                e.idempotencyKey(), e.batchId(), receivedAt);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
