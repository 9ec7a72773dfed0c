package io.meterline.common.kafka;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends records and completes once the broker acknowledged every one of them (or fails with the first error):
 * what a caller waits for before it tells anyone the records are durable (acks=all producers).
 */
public final class SendAll {

    private SendAll() {
    }

    /** Call on the producer's sending thread (e.g. inside {@code runOnSendingThread}). */
    public static <K, V> CompletableFuture<Void> sendAll(Producer<K, V> kafka,
            Collection<ProducerRecord<K, V>> records) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        if (records.isEmpty()) {
            acked.complete(null);
            return acked;
        }
        AtomicInteger pending = new AtomicInteger(records.size());
        for (ProducerRecord<K, V> record : records) {
            kafka.send(record, (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else if (pending.decrementAndGet() == 0) {
                    acked.complete(null);
                }
            });
        }
        return acked;
    }
}
