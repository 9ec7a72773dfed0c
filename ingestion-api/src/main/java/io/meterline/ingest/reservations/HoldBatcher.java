package io.meterline.ingest.reservations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.meterline.common.ledger.HoldOutcome;
import io.meterline.common.ledger.HoldRequest;
import io.meterline.common.ledger.Holds;
import io.meterline.ingest.config.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Group commit for holds: the holds that arrive while earlier ones are being written go to Postgres together, in
 * one statement and one commit ({@link Holds#holdMany}), instead of one transaction each queueing on its wallet's
 * row lock. At most {@code reservations.batches-in-flight} batches run at once; a hold that finds a free slot is
 * written at once (alone, when nothing else is waiting), so a quiet API adds no delay; under load the batches grow
 * by themselves, up to {@code reservations.max-batch} holds.
 *
 * <p>Each hold is decided exactly as a single call decides it (see {@code ledger_hold_many}). When the batch
 * statement fails with a Postgres error (the batch rolled back, nothing held) each hold of it is retried alone, so
 * one bad request never fails the others and every request gets its own answer or error. Any other failure (no
 * connection, a timeout: the outcome may be unknown) is the answer of every hold of the batch, as it would be of a
 * single call; a client's retry with the same reservation_id is idempotent.
 */
@ApplicationScoped
public class HoldBatcher {

    private final Pool pool;
    private final int maxBatch;
    private final int maxInFlight;
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final DistributionSummary batchSizes;

    public HoldBatcher(Pool pool, IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.maxBatch = config.reservations().maxBatch();
        this.maxInFlight = config.reservations().batchesInFlight();
        this.batchSizes = DistributionSummary.builder("meterline.reservations.hold.batch.size")
                .description("Holds written per statement (group commit)").register(registry);
    }

    /** Decides one hold, together with whatever other holds are waiting. */
    public Uni<HoldOutcome> hold(HoldRequest request) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Pending(request, emitter));
            dispatch();
        });
    }

    /** Starts batches while slots are free and holds wait. */
    private void dispatch() {
        while (!waiting.isEmpty()) {
            int slots = inFlight.get();
            if (slots >= maxInFlight) {
                return; // a running batch dispatches again when it ends
            }
            if (!inFlight.compareAndSet(slots, slots + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            for (Pending p; batch.size() < maxBatch && (p = waiting.poll()) != null;) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue; // another dispatcher took them
            }
            write(batch);
        }
    }

    private void write(List<Pending> batch) {
        batchSizes.record(batch.size());
        List<HoldRequest> requests = batch.stream().map(Pending::request).toList();
        Uni<Void> done = Holds.holdMany(pool, requests).onItemOrFailure().transformToUni((outcomes, failure) -> {
            if (failure == null) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).emitter().complete(outcomes.get(i));
                }
                return Uni.createFrom().voidItem();
            }
            if (failure instanceof PgException && batch.size() > 1) {
                return alone(batch);
            }
            batch.forEach(p -> p.emitter().fail(failure));
            return Uni.createFrom().voidItem();
        });
        done.subscribe().with(ignored -> finished(), failure -> finished());
    }

    /** Each hold of a failed batch decided by itself: its own outcome or its own error. */
    private Uni<Void> alone(List<Pending> batch) {
        List<Uni<Void>> each = batch.stream().map(p -> Holds.hold(pool, p.request())
                .onItem().invoke(p.emitter()::complete)
                .onFailure().invoke(p.emitter()::fail)
                .onItemOrFailure().transform((outcome, failure) -> (Void) null)).toList();
        return Uni.join().all(each).andFailFast().replaceWithVoid();
    }

    private void finished() {
        inFlight.decrementAndGet();
        dispatch();
    }

    private record Pending(HoldRequest request, UniEmitter<? super HoldOutcome> emitter) {
    }
}
