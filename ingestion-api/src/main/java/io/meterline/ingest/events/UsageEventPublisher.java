package io.meterline.ingest.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.meterline.common.event.UsageEventV1;
import io.meterline.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes accepted events to the usage-events topic: key = customer_id as UTF-8 (one customer's events stay
 * ordered on one partition; encoded once per batch), value = {@link UsageEventV1} as UTF-8 JSON. Uses the
 * producer of the {@code usage-events-out} channel (acks=all, idempotence on) directly: the whole batch is
 * serialized on the caller's event loop, handed to the producer's sending thread in one task, and the returned Uni
 * completes once the broker acknowledged every record, or fails on the first error or after
 * {@code publish-timeout}. It never blocks the event loop.
 */
@ApplicationScoped
public class UsageEventPublisher {

    static final String CHANNEL = "usage-events-out";

    private final KafkaClientService clients;
    private final ObjectWriter writer;
    private final String topic;
    private final Duration timeout;
    private volatile KafkaProducer<byte[], byte[]> producer;

    /** The emitter is unused; it keeps the outgoing channel, and so its producer, wired. */
    public UsageEventPublisher(KafkaClientService clients, ObjectMapper mapper, IngestConfig config,
                               @ConfigProperty(name = "meterline.topics.usage-events") String topic,
                               @Channel(CHANNEL) MutinyEmitter<byte[]> channel) {
        this.clients = clients;
        this.writer = mapper.writerFor(UsageEventV1.class);
        this.topic = topic;
        this.timeout = config.publishTimeout();
    }

    public Uni<Void> publish(String customerId, List<UsageEventV1> events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
        byte[] key = customerId.getBytes(StandardCharsets.UTF_8); // once per batch: every event has this customer
        try {
            for (UsageEventV1 event : events) {
                records.add(new ProducerRecord<>(topic, key, writer.writeValueAsBytes(event)));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        Executor back = callerContext();
        return producer().runOnSendingThread(kafka -> {
                    AllAcked acks = new AllAcked(records.size());
                    for (ProducerRecord<byte[], byte[]> record : records) {
                        kafka.send(record, acks);
                    }
                    return acks;
                })
                .flatMap(acks -> Uni.createFrom().completionStage(acks))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no ack within " + timeout.toMillis() + " ms"))
                .emitOn(back)
                .replaceWithVoid();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> p = producer;
        if (p == null) {
            p = clients.getProducer(CHANNEL);
            producer = p;
        }
        return p;
    }

    /** Continue on the request's Vert.x context, not on a Kafka thread. */
    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }

    /** Completes when every record is acknowledged, fails on the first error. */
    private static final class AllAcked extends CompletableFuture<Void> implements Callback {
        private final AtomicInteger remaining;

        AllAcked(int count) {
            this.remaining = new AtomicInteger(count);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                completeExceptionally(exception);
            } else if (remaining.decrementAndGet() == 0) {
                complete(null);
            }
        }
    }
}
