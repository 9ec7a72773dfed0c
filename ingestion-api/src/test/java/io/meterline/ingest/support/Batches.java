package io.meterline.ingest.support;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.awaitility.Awaitility;

import io.meterline.ingest.events.IngestEvent;
import io.meterline.ingest.events.IngestRequest;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Builds ingest requests and reads back what reached the usage-events topic. */
public final class Batches {

    private Batches() {
    }

    public static IngestEvent tokenEvent(String customerId) {
        return tokenEvent(customerId, Instant.now().minus(1, ChronoUnit.MINUTES).toString());
    }

    public static IngestEvent tokenEvent(String customerId, String timestamp) {
        return IngestEvent.tokens(UUID.randomUUID().toString(), customerId, "chat", "openai", "gpt-4o-mini", 1200, 250,
                timestamp);
    }

    public static IngestRequest tokenBatch(String customerId, int size) {
        List<IngestEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(tokenEvent(customerId));
        }
        return new IngestRequest(events);
    }

    /** Waits until at least {@code count} records keyed by this customer are on the topic, and returns them all. */
    public static List<ConsumerRecord<String, String>> published(String customerId, int count) {
        try (KafkaCompanion companion = Kafka.companion();
             ConsumerTask<String, String> task = companion.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                     .fromTopics(MeterlineServices.topic("usage-events"))) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> task.stream().filter(r -> customerId.equals(r.key())).count() >= count);
            return task.stream().filter(r -> customerId.equals(r.key())).toList();
        }
    }
}
