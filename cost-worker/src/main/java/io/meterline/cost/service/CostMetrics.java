package io.meterline.cost.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counters of the cost worker (Prometheus names in brackets): events stored PRICED
 * ({@code meterline_cost_events_priced_total}) and UNPRICED ({@code meterline_cost_events_unpriced_total}),
 * redelivered events already stored ({@code meterline_cost_events_duplicate_total}), re-priced events
 * ({@code meterline_cost_events_repriced_total}), UNPRICED events left so because Postgres rejected their price
 * ({@code meterline_cost_reprice_rejected_total}), BURN rows ({@code meterline_cost_burns_total}), dead letters
 * ({@code meterline_cost_dlq_total}), batches ({@code meterline_cost_batches_total}), batch retries
 * ({@code meterline_cost_batch_retries_total}) and the time from poll to acknowledgement
 * ({@code meterline_cost_batch_seconds}).
 */
@ApplicationScoped
public class CostMetrics {

    private final Counter priced;
    private final Counter unpriced;
    private final Counter duplicate;
    private final Counter repriced;
    private final Counter repriceRejected;
    private final Counter burns;
    private final Counter dlq;
    private final Counter batches;
    private final Counter retries;
    private final Timer batchTimer;

    public CostMetrics(MeterRegistry registry) {
        priced = registry.counter("meterline.cost.events.priced");
        unpriced = registry.counter("meterline.cost.events.unpriced");
        duplicate = registry.counter("meterline.cost.events.duplicate");
        repriced = registry.counter("meterline.cost.events.repriced");
        repriceRejected = registry.counter("meterline.cost.reprice.rejected");
        burns = registry.counter("meterline.cost.burns");
        dlq = registry.counter("meterline.cost.dlq");
        batches = registry.counter("meterline.cost.batches");
        retries = registry.counter("meterline.cost.batch.retries");
        batchTimer = Timer.builder("meterline.cost.batch").register(registry);
    }

    void stored(int newPriced, int newUnpriced, int duplicates, int burnRows) {
        priced.increment(newPriced);
        unpriced.increment(newUnpriced);
        duplicate.increment(duplicates);
        burns.increment(burnRows);
    }

    void repriced(int events, int burnRows) {
        repriced.increment(events);
        burns.increment(burnRows);
    }

    void repriceRejected() {
        repriceRejected.increment();
    }

    public void deadLettered(int records) {
        dlq.increment(records);
    }

    public void retried() {
        retries.increment();
    }

    public Timer.Sample startBatch() {
        batches.increment();
        return Timer.start();
    }

    /** Records the batch duration; returns it in nanoseconds. */
    public long endBatch(Timer.Sample sample) {
        return sample.stop(batchTimer);
    }
}
