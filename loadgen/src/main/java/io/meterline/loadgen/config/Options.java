package io.meterline.loadgen.config;

import io.meterline.loadgen.generate.Customer;
import io.meterline.loadgen.generate.ModelSpec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A load generator run.
 *
 * @param url            base URL of the ingestion API
 * @param customers      who the events are for; batches go round-robin over them
 * @param batchSize      events per request
 * @param rate           offered events per second; 0 = as fast as {@code concurrency} requests in flight allow
 * @param concurrency    requests in flight at most (= HTTP connections)
 * @param events         stop after this many events (0 = no limit)
 * @param duration       stop after this long (null = no limit); at least one of events and duration is set
 * @param duplicateShare share of events that are copies of an event sent before, in [0, 1)
 * @param models         models the events use, with weights
 * @param seed           random seed (event ids included), so a run can be repeated
 * @param timeout        per-request timeout
 * @param progress       print a progress line every second on stderr
 * @param warmupEvents   events sent as fast as possible before the measured run, and not counted
 * @param pregenerate    build every batch before the clock starts, so the run measures sending only
 * @param retryFor       how long a batch whose outcome is open (no answer, 409, 429, 5xx) is sent again; zero: never
 * @param outcomes       file of each event's outcome (see OutcomeLog), or null
 * @param primeRounds    rounds of refused requests over every connection before the clock starts (connections
 *                       opened, client code warm); each round is {@code concurrency} requests
 */
public record Options(URI url, List<Customer> customers, int batchSize, double rate, int concurrency, long events,
                      Duration duration, double duplicateShare, List<ModelSpec> models, long seed, Duration timeout,
                      boolean progress, long warmupEvents, boolean pregenerate, Duration retryFor, Path outcomes,
                      int primeRounds) {

    public Options {
        customers = List.copyOf(customers);
        models = List.copyOf(models);
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no customer: give --customers-file or --customer id:key");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1");
        }
        if (rate < 0 || concurrency < 1) {
            throw new IllegalArgumentException("--rate must be >= 0 and --concurrency >= 1");
        }
        if (events < 0 || (events == 0 && duration == null)) {
            throw new IllegalArgumentException("give --events or --duration");
        }
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("--retry-for must be >= 0");
        }
        if (primeRounds < 0) {
            throw new IllegalArgumentException("--prime-rounds must be >= 0");
        }
        if (warmupEvents < 0) {
            throw new IllegalArgumentException("--warmup-events must be >= 0");
        }
        if (duplicateShare < 0 || duplicateShare >= 1) {
            throw new IllegalArgumentException("--duplicates must be in [0, 1)");
        }
        if (pregenerate && events == 0 && rate == 0) {
            throw new IllegalArgumentException("--pregenerate needs --events, or --rate with --duration");
        }
        // the compact constructor runs before the fields are set: compute from the parameters
        if (pregenerate && batchCount(events, batchSize, rate, duration) > MAX_PREGENERATED_EVENTS / batchSize) {
            throw new IllegalArgumentException("--pregenerate holds at most " + MAX_PREGENERATED_EVENTS + " events in memory");
        }
    }

    /** Events {@code --pregenerate} may hold in memory (about 350 bytes each). */
    public static final long MAX_PREGENERATED_EVENTS = 5_000_000;

    /**
     * The warm-up run: same target and customers, as fast as possible, quiet, with another seed so that its
     * event ids never collide with the measured run's.
     */
    public Options warmup() {
        return new Options(url, customers, batchSize, 0, concurrency, warmupEvents, null, duplicateShare, models,
                ~seed, timeout, false, 0, false, Duration.ZERO, null, primeRounds);
    }

    public boolean fixedRate() {
        return rate > 0;
    }

    /** Size of batch number {@code index} (0-based), or 0 once the event budget is spent. */
    public int batchSize(long index) {
        if (events == 0) {
            return batchSize;
        }
        long remaining = events - index * batchSize;
        return (int) Math.max(0, Math.min(batchSize, remaining));
    }

    /**
     * How many batches the run sends at most: the event budget's, and at a fixed rate with a duration, the
     * batches due before it ends (whichever is fewer); {@code Long.MAX_VALUE} when neither bounds the run.
     */
    public long batchCount() {
        return batchCount(events, batchSize, rate, duration);
    }

    private static long batchCount(long events, int batchSize, double rate, Duration duration) {
        long count = events == 0 ? Long.MAX_VALUE : (events + batchSize - 1) / batchSize;
        if (rate > 0 && duration != null) {
            double interval = batchSize / rate; // seconds between due times
            count = Math.min(count, (long) Math.ceil(duration.toNanos() / 1e9 / interval));
        }
        return count;
    }
}
