package io.meterline.cost.messaging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import org.jboss.logging.Logger;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.repository.DeadLetterRepository;
import io.meterline.cost.repository.DeadLetterRow;
import io.meterline.cost.service.BillingService;
import io.meterline.cost.service.Billed;
import io.meterline.cost.service.CostMetrics;
import io.meterline.cost.service.RateCatalogService;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes usage-events in batches (consumer group cost-worker). Delivery order, per batch:
 * <ol>
 * <li>decode: undecodable records are set aside as dead letters;</li>
 * <li>price against the in-memory catalogue (no database read per event);</li>
 * <li>ONE Postgres transaction: insert usage rows (ON CONFLICT skip, except that a REJECTED row is replaced: a
 * replayed dead letter), burn each touched wallet, write its BURN row; record the skipped events whose key is
 * stored under another event id in usage_duplicates (a reused idempotency key: not billed, status REJECTED);
 * commit;</li>
 * <li>a second Postgres transaction for the records that cannot be billed (step 1's, plus the unknown customers
 * and rows Postgres refused in step 3): one dead_letters row each, and a REJECTED usage row with the reason for
 * each whose identity could be read (ON CONFLICT skip); commit;</li>
 * <li>publish usage-priced (every event of the batch, also those already stored, read back), wallet-alerts
 * and dead-letter notifications, and wait for the broker's acks;</li>
 * <li>return: the connector then acknowledges the batch and commits its offsets.</li>
 * </ol>
 * If the process dies before 3 commits, nothing was written and the batch is redelivered. If it dies between
 * 3 and 4, the batch is redelivered: its billed rows conflict on (customer_id, dedup_key), so they are neither
 * stored nor burned again, and its bad records are found bad again and written by 4. If it dies between 4 and 6,
 * the batch is redelivered; its dead letters conflict on their source (topic, partition, offset) and its REJECTED
 * rows on their key, so neither is written twice; stored values are read back and published once more
 * (downstream, dead-letter topic included, is at-least-once), and alerts are re-derived from the stored BURN rows
 * with the same alert ids. Postgres, not the dead-letter topic, is the record of a dead letter: every accepted
 * event ends PRICED, UNPRICED or REJECTED before its offset is committed. Postgres or Kafka unavailable: the step is
 * retried with backoff forever, nothing is acknowledged, so nothing is lost and consumption resumes by itself.
 */
@ApplicationScoped
public class UsageEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UsageEventsConsumer.class);

    private final EventDecoder decoder;
    private final RateCatalogService catalogs;
    private final BillingService billing;
    private final KafkaDownstream downstream;
    private final DeadLetters deadLetters;
    private final DeadLetterRepository deadLetterRows;
    private final Retry retry;
    private final CostMetrics metrics;

    public UsageEventsConsumer(EventDecoder decoder, RateCatalogService catalogs, BillingService billing,
            KafkaDownstream downstream, DeadLetters deadLetters, DeadLetterRepository deadLetterRows, Retry retry,
            CostMetrics metrics) {
        this.decoder = decoder;
        this.catalogs = catalogs;
        this.billing = billing;
        this.downstream = downstream;
        this.deadLetters = deadLetters;
        this.deadLetterRows = deadLetterRows;
        this.retry = retry;
        this.metrics = metrics;
    }

    @Incoming("usage-events-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        Timer.Sample sample = metrics.startBatch();
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        List<UsageEventV1> events = new ArrayList<>(records.count());
        List<ConsumerRecord<String, byte[]>> bad = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            EventDecoder.Decoded decoded = decoder.decode(record);
            if (decoded.event() != null) {
                sources.add(record);
                events.add(decoded.event());
            } else {
                bad.add(record);
                reasons.add(decoded.reason());
            }
        }
        Context context = Vertx.currentContext();
        return retry.forever("billing a batch", () -> catalogs.current().chain(c -> billing.bill(events, c)))
                .chain(billed -> {
                    for (Billed.Rejected rejected : billed.rejected()) {
                        bad.add(sources.get(rejected.index()));
                        reasons.add(rejected.reason());
                    }
                    List<DeadLetterRow> rows = new ArrayList<>(bad.size());
                    List<DeadLetter> envelopes = new ArrayList<>(bad.size());
                    for (int i = 0; i < bad.size(); i++) {
                        rows.add(deadLetters.row(bad.get(i), reasons.get(i)));
                        envelopes.add(DeadLetters.envelope(bad.get(i), reasons.get(i)));
                    }
                    return retry.forever("storing dead letters", () -> deadLetterRows.record(rows))
                            .chain(() -> retry.forever("publishing a batch", () -> Uni.combine().all()
                                    .unis(downstream.publish(billed.priced(), billed.alerts()),
                                            downstream.deadLetter(envelopes))
                                    .discardItems()));
                })
                // broker acks complete on Kafka's network thread: continue (ack, next batch) on our own context
                .emitOn(task -> {
                    if (context == null) {
                        task.run();
                    } else {
                        context.runOnContext(ignored -> task.run());
                    }
                })
                .invoke(() -> {
                    metrics.deadLettered(bad.size());
                    long nanos = metrics.endBatch(sample);
                    LOG.debugf("batch of %d records done in %d ms", records.count(), nanos / 1_000_000);
                });
    }
}
