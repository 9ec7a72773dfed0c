package io.meterline.ingest.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.meterline.ingest.config.IngestConfig;
import io.meterline.common.kafka.SendAll;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Republishes dead letters' original payloads, byte for byte, to the usage-events topic through the ingest
 * channel's producer (acks=all, idempotence on). Key = the event's customer_id (so a replayed event lands on its
 * customer's partition, in order with the customer's new events), else the original record key. Completes when
 * the broker acknowledged every record; fails on the first error or after {@code publish-timeout}, in which case
 * some records may have been written: a retry republishes them, and the usage_events key keeps that harmless.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    /** The ingest channel (declared by UsageEventPublisher), whose producer this reuses. */
    static final String CHANNEL = "usage-events-out";

    private final KafkaClientService clients;
    private final String topic;
    private final Duration timeout;

    public DeadLetterPublisher(KafkaClientService clients, IngestConfig config,
            @ConfigProperty(name = "meterline.topics.usage-events") String topic) {
        this.clients = clients;
        this.topic = topic;
        this.timeout = config.publishTimeout();
    }

    Uni<Void> republish(List<DeadLetterRow> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ProducerRecord<byte[], byte[]>> records = letters.stream().map(this::record).toList();
        Executor back = callerContext();
        return clients.<byte[], byte[]>getProducer(CHANNEL)
                .runOnSendingThread(kafka -> { return SendAll.sendAll(kafka, records); })
                .flatMap(acked -> Uni.createFrom().completionStage(acked))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no ack within " + timeout.toMillis() + " ms"))
                .emitOn(back)
                .replaceWithVoid();
    }

    private ProducerRecord<byte[], byte[]> record(DeadLetterRow letter) {
        String key = letter.customerId() != null ? letter.customerId() : letter.recordKey();
        return new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), letter.payload());
    }

    /** Continue on the request's Vert.x context, not on a Kafka thread. */
    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
