package io.meterline.loadgen.report;

import io.meterline.loadgen.client.IngestOutcome;
import io.meterline.loadgen.generate.Batch;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and the batch latency histogram, written by many request threads at once.
 * Latency is recorded in microseconds; the caller decides where it starts (the intended send time in fixed-rate
 * mode, so a stalled server shows up as latency instead of as fewer requests: no coordinated omission).
 */
public final class Stats {

    /** Highest latency tracked exactly: 10 minutes, in microseconds. Larger values are clamped. */
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LongAdder batches = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder resent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder httpErrors = new LongAdder();
    private final LongAdder ioErrors = new LongAdder();
    private final LongAdder bodyBytes = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);

    public void record(Batch batch, IngestOutcome outcome, long latencyNanos) {
        batches.increment();
        sent.add(batch.events());
        resent.add(batch.resent());
        bodyBytes.add(batch.body().length);
        accepted.add(outcome.accepted());
        duplicates.add(outcome.duplicates());
        rejected.add(outcome.rejected());
        failed.add(outcome.failed());
        if (outcome.httpError()) {
            httpErrors.increment();
        }
        if (outcome.ioError()) {
            ioErrors.increment();
        }
        byStatus.computeIfAbsent(outcome.status(), s -> new LongAdder()).increment();
        long micros = TimeUnit.NANOSECONDS.toMicros(Math.max(0, latencyNanos));
        recorder.recordValue(Math.min(Math.max(1, micros), MAX_MICROS));
    }

    public Counts counts() {
        return new Counts(batches.sum(), sent.sum(), resent.sum(), accepted.sum(), duplicates.sum(), rejected.sum(),
                failed.sum(), httpErrors.sum(), ioErrors.sum(), bodyBytes.sum());
    }

    /** Latencies recorded since the previous call; they are also added to the run's total. */
    public synchronized Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram();
        total.add(interval);
        return interval;
    }

    /** Every latency recorded so far. */
    public synchronized Histogram total() {
        interval();
        return total.copy();
    }

    /** Batches per HTTP status (-1 = no response). */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        byStatus.forEach((status, count) -> copy.put(status, count.sum()));
        return copy;
    }
}
