package io.meterline.ingest.reservations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * row lock. A hold that finds its lane idle is written at once (alone, when nothing else is waiting), so a quiet
 * API adds no delay; under load the batches grow by themselves, up to {@code reservations.max-batch} holds.
 *
 * <p>Lanes: the customers are split into {@code reservations.batches-in-flight} lanes by the hash of their id, and
 * each lane writes one batch at a time. Batches in flight thus never share a wallet, so they never wait for each
 * other's row locks (a batch locks all its wallets first): with one queue, every batch touched nearly every busy
 * wallet, and the batches in flight queued behind each other, one lock at a time. A customer's holds are decided in
 * the order they arrived, as its lane's batches are.
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
    private final Lane[] lanes;
    private final DistributionSummary batchSizes;

    public HoldBatcher(Pool pool, IngestConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.maxBatch = config.reservations().maxBatch();
        this.lanes = new Lane[Math.max(1, config.reservations().batchesInFlight())];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
        this.batchSizes = DistributionSummary.builder("meterline.reservations.hold.batch.size")
                .description("Holds written per statement (group commit)").register(registry);
    }

    /** Decides one hold, together with whatever other holds of its lane are waiting. */
    public Uni<HoldOutcome> hold(HoldRequest request) {
        Lane lane = lanes[Math.floorMod(request.customerId().hashCode(), lanes.length)];
        return Uni.createFrom().emitter(emitter -> {
            lane.waiting.add(new Pending(request, emitter));
            dispatch(lane);
        });
    }

    /**
     * Starts the lane's next batch unless one runs. Every batch's end dispatches again, so a hold queued while
     * a batch ran is never left behind.
     */
    private void dispatch(Lane lane) {
        while (!lane.waiting.isEmpty() && lane.busy.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            for (Pending p; batch.size() < maxBatch && (p = lane.waiting.poll()) != null;) {
                batch.add(p);
            }
            if (!batch.isEmpty()) {
                write(lane, batch);
                return;
            }
            lane.busy.set(false);
        }
    }

    private void write(Lane lane, List<Pending> batch) {
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
        done.subscribe().with(ignored -> finished(lane), failure -> finished(lane));
    }

    /** Each hold of a failed batch decided by itself, in order: its own outcome or its own error. */
    private Uni<Void> alone(List<Pending> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending p : batch) {
            chain = chain.chain(() -> Holds.hold(pool, p.request())
                    .onItem().invoke(p.emitter()::complete)
                    .onFailure().invoke(p.emitter()::fail)
                    .onItemOrFailure().transform((outcome, failure) -> (Void) null));
        }
        return chain;
    }

    private void finished(Lane lane) {
        lane.busy.set(false);
        dispatch(lane);
    }

    /** A share of the customers: its waiting holds, and whether one of its batches is being written. */
    private static final class Lane {
        final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean busy = new AtomicBoolean();
    }

    private record Pending(HoldRequest request, UniEmitter<? super HoldOutcome> emitter) {
    }
}
