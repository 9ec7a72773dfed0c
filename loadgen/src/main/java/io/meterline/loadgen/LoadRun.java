package io.meterline.loadgen;

import io.meterline.loadgen.client.IngestClient;
import io.meterline.loadgen.client.RetryingSender;
import io.meterline.loadgen.client.RetryingSender.Delivery;
import io.meterline.loadgen.config.Options;
import io.meterline.loadgen.generate.Batch;
import io.meterline.loadgen.generate.Customer;
import io.meterline.loadgen.generate.EventGenerator;
import io.meterline.loadgen.report.Counts;
import io.meterline.loadgen.report.OutcomeLog;
import io.meterline.loadgen.report.RetryStats;
import io.meterline.loadgen.report.Stats;
import io.meterline.loadgen.report.Summary;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * One run, in one of two modes.
 * <ul>
 * <li>As fast as possible (closed loop): {@code concurrency} threads each send a batch and wait for its answer;
 * latency is the request's own round trip.</li>
 * <li>Fixed rate (open loop): batch i is due at start + i x batchSize / rate, whatever happened to earlier ones;
 * at most {@code concurrency} are in flight. Latency runs from the batch's due time, so time spent waiting for a
 * slow server (or for a free connection) is counted, not hidden (no coordinated omission).</li>
 * </ul>
 * Batches go round-robin over the customers. With {@code --pregenerate} every batch is built before the clock
 * starts, so that the load generator's CPU during the run (on a machine it shares with the server) is spent
 * sending, as in Kafka's own ProducerPerformance, which sends from a pre-built pool.
 * <p>
 * With {@code --retry-for} a batch whose outcome is open is sent again ({@link RetryingSender}); its latency then
 * runs to its last answer, and it holds its place among the {@code concurrency} in flight meanwhile. With
 * {@code --outcomes} every event's outcome is written down ({@link OutcomeLog}).
 */
public final class LoadRun {

    private final Options options;
    private final PrintStream progressOut;
    private final LongConsumer onStart;
    private final EventGenerator generator;
    private final Stats stats = new Stats();
    private final AtomicLong nextBatch = new AtomicLong();
    private final RetryStats retryStats = new RetryStats();
    private final LongAdder openBatches = new LongAdder();
    private OutcomeLog outcomes;
    private final SplittableRandom random;
    private long startEpochMs;
    private long cpuAtStartMillis;
    private long startNanos;
    private long deadlineNanos;
    private long lastSent; // progress thread only
    private List<Batch> prepared; // every batch, in send order, with --pregenerate

    public LoadRun(Options options, PrintStream progressOut) {
        this(options, progressOut, startEpochMs -> { });
    }

    /** {@code onStart} is told the wall-clock time (epoch ms) at which the first measured batch is due. */
    public LoadRun(Options options, PrintStream progressOut, LongConsumer onStart) {
        this.options = options;
        this.progressOut = progressOut;
        this.onStart = onStart;
        this.generator = new EventGenerator(options.models(), options.duplicateShare(), Clock.systemUTC());
        this.random = new SplittableRandom(options.seed());
    }

    public Summary run() throws InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "loadgen-progress");
            thread.setDaemon(true);
            return thread;
        });
        try (IngestClient client = new IngestClient(options.url(), options.timeout(), options.concurrency());
             OutcomeLog log = options.outcomes() == null ? null : new OutcomeLog(options.outcomes())) {
            outcomes = log;
            RetryingSender sender = new RetryingSender(client, options.retryFor(), log != null, ticker, retryStats);
            warmUp(client);
            if (options.pregenerate()) {
                prepared = pregenerate();
            }
            cpuAtStartMillis = Summary.ownCpuMillis();
            startEpochMs = System.currentTimeMillis();
            startNanos = System.nanoTime();
            onStart.accept(startEpochMs);
            deadlineNanos = options.duration() == null ? Long.MAX_VALUE : startNanos + options.duration().toNanos();
            if (options.progress()) {
                ticker.scheduleAtFixedRate(this::printProgress, 1, 1, TimeUnit.SECONDS);
            }
            if (options.fixedRate()) {
                openLoop(sender);
            } else {
                closedLoop(sender);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outcome log", e);
        } finally {
            ticker.shutdownNow();
        }
        long elapsed = System.nanoTime() - startNanos;
        String mode = options.fixedRate() ? String.format(Locale.ROOT, "fixed-rate-%.0f", options.rate()) : "max";
        return Summary.of(mode, stats.counts(), stats.total(), elapsed, startEpochMs, System.currentTimeMillis(),
                stats.statuses(), cpuAtStartMillis);
    }

    /**
     * Before the clock starts: opens the client's connections and compiles the generator's and the client's code
     * (batches built from a scratch generator, so they enter no duplicate history, and never sent). Without it the
     * load generator's own start showed up as the server's latency: p99 750 ms in the first second of a
     * 20,000 events/s run, 30-90 ms in every later second.
     */
    private void warmUp(IngestClient client) {
        EventGenerator scratch = new EventGenerator(options.models(), options.duplicateShare(), Clock.systemUTC());
        SplittableRandom own = random.split();
        for (int i = 0; i < 30; i++) {
            scratch.batch(customer(i), options.batchSize(), own);
        }
        client.prime(options.customers(), options.concurrency(), options.primeRounds());
    }

    private List<Batch> pregenerate() {
        long count = options.batchCount();
        List<Batch> batches = new ArrayList<>((int) count);
        for (long index = 0; index < count; index++) {
            batches.add(generator.batch(customer(index), options.batchSize(index), random));
        }
        return batches;
    }

    /** Batch number {@code index}: the prepared one, or built now; null once the event budget is spent. */
    private Batch batch(long index, SplittableRandom random) {
        if (prepared != null) {
            return index < prepared.size() ? prepared.get((int) index) : null;
        }
        int size = options.batchSize(index);
        return size == 0 ? null : generator.batch(customer(index), size, random);
    }

    /** The {@code DELIVERY} line: retries, batches whose outcome stayed open, statuses of every attempt. */
    public String deliveryLine() {
        return retryStats.toLine(openBatches.sum());
    }

    private void record(Delivery delivery, long latencyNanos) {
        stats.record(delivery.batch(), delivery.answer().outcome(delivery.batch().events()), latencyNanos);
        if (delivery.open()) {
            openBatches.increment();
        }
        if (outcomes != null) {
            outcomes.write(delivery);
        }
    }

    private void closedLoop(RetryingSender client) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            SplittableRandom own = random.split();
            Thread worker = new Thread(() -> closedLoopWorker(client, own), "loadgen-worker-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private void closedLoopWorker(RetryingSender client, SplittableRandom own) {
        while (true) {
            long index = nextBatch.getAndIncrement();
            if (System.nanoTime() >= deadlineNanos) {
                return;
            }
            Batch batch = batch(index, own);
            if (batch == null) {
                return;
            }
            long sentAt = System.nanoTime();
            Delivery delivery = client.send(batch).join();
            record(delivery, System.nanoTime() - sentAt);
        }
    }

    private void openLoop(RetryingSender client) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.concurrency());
        double intervalNanos = options.batchSize() * 1e9 / options.rate();
        for (long index = 0; ; index++) {
            long dueAt = startNanos + (long) (index * intervalNanos);
            Batch batch = dueAt >= deadlineNanos ? null : batch(index, random);
            if (batch == null) {
                break;
            }
            for (long wait = dueAt - System.nanoTime(); wait > 0; wait = dueAt - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            client.send(batch).whenComplete((delivery, error) -> {
                record(delivery, System.nanoTime() - dueAt);
                inFlight.release();
            });
        }
        inFlight.acquire(options.concurrency()); // every answer is in
    }

    private Customer customer(long batchIndex) {
        List<Customer> customers = options.customers();
        return customers.get((int) (batchIndex % customers.size()));
    }

    private void printProgress() {
        Counts counts = stats.counts();
        Histogram interval = stats.interval();
        long seconds = Math.round((System.nanoTime() - startNanos) / 1e9);
        progressOut.printf(Locale.ROOT,
                "[loadgen] %3ds sent %d (%d/s) accepted %d dup %d rejected %d failed %d | p50 %.1f ms p99 %.1f ms%n",
                seconds, counts.sent(), counts.sent() - lastSent, counts.accepted(), counts.duplicates(),
                counts.rejected(), counts.failed(), interval.getValueAtPercentile(50) / 1000.0,
                interval.getValueAtPercentile(99) / 1000.0);
        lastSent = counts.sent();
    }
}
