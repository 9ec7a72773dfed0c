package io.meterline.ingest.reservations;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.micrometer.core.instrument.DistributionSummary;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Group commit for one kind of wallet write (holds: {@link HoldBatcher}; releases: {@link ReleaseBatcher}): the
 * requests that arrive while earlier ones are being written go to Postgres together, in one statement and one
 * commit ({@code many}), instead of one transaction each queueing on its wallet's row lock. A request that finds
 * its lane idle is written at once (alone, when nothing else is waiting), so a quiet API adds no delay; under load
 * the batches grow by themselves, up to {@code maxBatch} requests.
 *
 * <p>Lanes: the customers are split into {@code lanes} lanes by the hash of their id, and each lane writes one
 * batch at a time. Batches in flight thus never share a wallet, so they never wait for each other's row locks (a
 * batch locks all its wallets first): with one queue, every batch touched nearly every busy wallet, and the
 * batches in flight queued behind each other, one lock at a time. A customer's requests are decided in the order
 * they arrived, as its lane's batches are. The API runs one lane unless configured otherwise: at 2,000 holds/s two
 * or four lanes made Postgres spend 344-436 µs of CPU per hold against 228-269 with one (their batches contend for
 * the same index pages and WAL), and the hold p99 was higher, not lower (docs/benchmarks.md, session 13). The
 * price of one lane: a batch waiting for a wallet lock (a burn or a charge in its transaction) holds up the holds
 * of every customer behind it, for that wait.
 *
 * <p>Each request is decided exactly as a single call ({@code one}) decides it. When the batch statement fails
 * with a Postgres error (the batch rolled back, nothing written) each request of it is retried alone, in order,
 * so one bad request never fails the others and every request gets its own answer or error. Any other failure
 * (no connection, a timeout: the outcome may be unknown) is the answer of every request of the batch, as it would
 * be of a single call; the ledger functions are idempotent by reservation id, so a client's retry is safe.
 *
 * @param <R> a request
 * @param <O> its outcome
 */
final class LaneBatcher<R, O> {

    private final Pool pool;
    private final int maxBatch;
    private final Lane<R, O>[] lanes;
    private final DistributionSummary batchSizes;
    private final Function<R, String> customer;
    private final BiFunction<Pool, List<R>, Uni<List<O>>> many;
    private final BiFunction<Pool, R, Uni<O>> one;

    @SuppressWarnings("unchecked")
    LaneBatcher(Pool pool, int lanes, int maxBatch, DistributionSummary batchSizes, Function<R, String> customer,
            BiFunction<Pool, List<R>, Uni<List<O>>> many, BiFunction<Pool, R, Uni<O>> one) {
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.lanes = new Lane[Math.max(1, lanes)];
        for (int i = 0; i < this.lanes.length; i++) {
            this.lanes[i] = new Lane<>();
        }
        this.batchSizes = batchSizes;
        this.customer = customer;
        this.many = many;
        this.one = one;
    }

    /** Decides one request, together with whatever other requests of its lane are waiting. */
    Uni<O> submit(R request) {
        Lane<R, O> lane = lanes[Math.floorMod(customer.apply(request).hashCode(), lanes.length)];
        return Uni.createFrom().emitter(emitter -> {
            lane.waiting.add(new Pending<>(request, emitter));
            dispatch(lane);
        });
    }

    /**
     * Starts the lane's next batch unless one runs. Every batch's end dispatches again, so a request queued while
     * a batch ran is never left behind.
     */
    private void dispatch(Lane<R, O> lane) {
        while (!lane.waiting.isEmpty() && lane.busy.compareAndSet(false, true)) {
            List<Pending<R, O>> batch = new ArrayList<>();
            for (Pending<R, O> p; batch.size() < maxBatch && (p = lane.waiting.poll()) != null;) {
                batch.add(p);
            }
            if (!batch.isEmpty()) {
                write(lane, batch);
                return;
            }
            lane.busy.set(false);
        }
    }

    private void write(Lane<R, O> lane, List<Pending<R, O>> batch) {
        batchSizes.record(batch.size());
        List<R> requests = batch.stream().map(Pending::request).toList();
        Uni<Void> done = many.apply(pool, requests).onItemOrFailure().transformToUni((outcomes, failure) -> {
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

    /** Each request of a failed batch decided by itself, in order: its own outcome or its own error. */
    private Uni<Void> alone(List<Pending<R, O>> batch) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending<R, O> p : batch) {
            chain = chain.chain(() -> one.apply(pool, p.request())
                    .onItem().invoke(p.emitter()::complete)
                    .onFailure().invoke(p.emitter()::fail)
                    .onItemOrFailure().transform((outcome, failure) -> (Void) null));
        }
        return chain;
    }

    private void finished(Lane<R, O> lane) {
        lane.busy.set(false);
        dispatch(lane);
    }

    /** A share of the customers: its waiting requests, and whether one of its batches is being written. */
    private static final class Lane<R, O> {
        final ConcurrentLinkedQueue<Pending<R, O>> waiting = new ConcurrentLinkedQueue<>();
        final AtomicBoolean busy = new AtomicBoolean();
    }

    private record Pending<R, O>(R request, UniEmitter<? super O> emitter) {
    }
}
