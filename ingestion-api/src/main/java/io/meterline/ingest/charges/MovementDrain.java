package io.meterline.ingest.charges;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.meterline.common.kafka.SendAll;
import io.meterline.ingest.config.IngestConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes wallet_movement_outbox to the wallet-movements and wallet-alerts topics (each row names its stream), at
 * least once: the one relay of wallet records written in Postgres transactions.
 *
 * <p>Delivery order: (1) a charge or refund commits its rows, its ledger row and its outbox row together (a
 * charge's outbox row names its ledger row, whose figures complete the record when it is sent; an auto top-up
 * request is committed likewise by whatever write crossed, a burn in the cost worker included); (2) it
 * asks for a drain ({@link #requestDrain}); (3) a drain locks a page of outbox rows (oldest first, SKIP LOCKED),
 * sends them through the ingest channel's producer (acks=all, idempotent) and, once the broker acknowledged every
 * record, deletes them in the same transaction. If the process dies or Kafka fails between (1) and the delete, the
 * rows stay (or roll back to unlocked) and the next drain - after the next operation, or on the
 * {@code meterline.ingest.movements.drain-every} schedule, on any instance - sends them again: a record may repeat,
 * none is lost. Records of one customer share a key, hence a partition; consumers de-duplicate on ledger_tx_id
 * (movements) or alert_id (alerts). Requests decided outside this service wait for the schedule.
 */
@ApplicationScoped
public class MovementDrain {

    private static final Logger LOG = Logger.getLogger(MovementDrain.class);
    /** The ingest channel (declared by UsageEventPublisher), whose producer this reuses. */
    private static final String CHANNEL = "usage-events-out";

    private final Pool pool;
    private final MovementOutbox outbox;
    private final MovementRecords records;
    private final KafkaClientService clients;
    private final Map<String, String> topics;
    private final Duration timeout;
    private final int pageSize;
    private final AtomicInteger pending = new AtomicInteger();

    public MovementDrain(Pool pool, MovementOutbox outbox, MovementRecords records, KafkaClientService clients,
            IngestConfig config,
            @ConfigProperty(name = "meterline.topics.wallet-movements") String movementsTopic,
            @ConfigProperty(name = "meterline.topics.wallet-alerts") String alertsTopic) {
        this.pool = pool;
        this.outbox = outbox;
        this.records = records;
        this.clients = clients;
        this.topics = Map.of(MovementOutbox.MOVEMENTS, movementsTopic, MovementOutbox.ALERTS, alertsTopic);
        this.timeout = config.publishTimeout();
        this.pageSize = config.movements().pageSize();
    }

    @Scheduled(every = "{meterline.ingest.movements.drain-every}", delayed = "{meterline.ingest.movements.drain-every}")
    void scheduledDrain() {
        requestDrain();
    }

    /** Asks for a drain; drains never overlap on one instance, and requests during a drain cause one more. */
    public void requestDrain() {
        if (pending.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int seen = pending.get();
        drainAll().subscribe().with(count -> {
            if (pending.addAndGet(-seen) > 0) {
                drain();
            }
        }, failure -> {
            LOG.warnf("wallet outbox drain failed (%s); the records stay in the outbox and are sent again",
                    failure.getMessage());
            pending.set(0);
        });
    }

    /** Publishes page after page until the outbox holds no unlocked row; returns how many were published. */
    public Uni<Integer> drainAll() {
        return page().flatMap(count -> count < pageSize ? Uni.createFrom().item(count)
                : drainAll().map(more -> count + more));
    }

    /** One page in one transaction: lock, publish, await every ack, delete. */
    private Uni<Integer> page() {
        return pool.withTransaction(tx -> outbox.lockPage(tx, pageSize).flatMap(entries -> entries.isEmpty()
                ? Uni.createFrom().item(0)
                : publish(entries).flatMap(acked -> outbox.delete(tx, entries)).map(deleted -> entries.size())));
    }

    private Uni<Void> publish(List<MovementOutbox.Entry> entries) {
        List<ProducerRecord<byte[], byte[]>> records = entries.stream().map(e -> new ProducerRecord<>(
                topics.get(e.stream()), e.customerId().getBytes(StandardCharsets.UTF_8),
                value(e).getBytes(StandardCharsets.UTF_8))).toList();
        Executor back = callerContext();
        return clients.<byte[], byte[]>getProducer(CHANNEL)
                .runOnSendingThread(kafka -> {
                    return SendAll.sendAll(kafka, records);
                })
                .flatMap(acked -> Uni.createFrom().completionStage(acked))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no ack within " + timeout.toMillis() + " ms"))
                .emitOn(back)
                .replaceWithVoid();
    }

    /** The record as published: a charge's is completed from its ledger row (V34), any other is stored whole. */
    private String value(MovementOutbox.Entry e) {
        return e.ledger() == null ? e.payload() : records.withLedger(e.payload(), e.ledger());
    }

    /** Continue on the transaction's Vert.x context, not on a Kafka thread. */
    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
