package io.meterline.cost.messaging;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.validation.UsageEventRules;
import io.meterline.common.validation.UsageRecordReader;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a usage-events record into a {@link UsageEventV1}, or says why it cannot be billed. The rules are the
 * edge's ({@link UsageEventRules}, read by {@link UsageRecordReader}), so an event the ingestion API accepted is
 * never refused here. Anything that fails goes to the dead-letter topic; nothing here throws, so one bad record
 * never stops its partition.
 */
@ApplicationScoped
public class EventDecoder {

    /** Either {@code event} or {@code reason} is set. */
    public record Decoded(UsageEventV1 event, String reason) {
    }

    private final UsageRecordReader reader;

    public EventDecoder(ObjectMapper mapper) {
        this.reader = new UsageRecordReader(mapper);
    }

    /** Parses the UTF-8 bytes as they came from the broker (no String in between). */
    public Decoded decode(ConsumerRecord<String, byte[]> record) {
        UsageRecordReader.Read read = reader.read(record.value());
        if (read.event() == null) {
            return new Decoded(null, read.reason());
        }
        UsageEventV1 e = read.event();
        if (e.receivedAt() == null) {
            e = withReceivedAt(e, Instant.ofEpochMilli(record.timestamp()));
        }
        return new Decoded(e, null);
    }

    private static UsageEventV1 withReceivedAt(UsageEventV1 e, Instant receivedAt) {
        return new UsageEventV1(e.schemaVersion(), e.eventId(), e.customerId(), e.eventType(), e.featureId(),
                e.provider(), e.model(), e.inputTokens(), e.cachedInputTokens(), e.cacheWriteTokens(),
                e.outputTokens(), e.quantity(), e.unit(), e.timestamp(), e.userId(), e.teamId(), e.metadata(),
                e.idempotencyKey(), e.batchId(), receivedAt, e.reservationId());
    }
}
