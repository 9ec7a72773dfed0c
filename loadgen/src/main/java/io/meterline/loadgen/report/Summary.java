package io.meterline.loadgen.report;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end-of-run figures. Rates are per second of wall time from the first send to the last answer;
 * latencies are per batch, in milliseconds.
 */
public record Summary(String mode, Counts counts, double elapsedSeconds, double p50Ms, double p95Ms, double p99Ms,
                      double maxMs, long startEpochMs, long endEpochMs, Map<Integer, Long> statuses, long cpuMillis,
                      long processCpuMillis) {

    /** {@code cpuAtStartMillis}: {@link #ownCpuMillis()} when the clock started, so cpu_ms covers the run only. */
    public static Summary of(String mode, Counts counts, Histogram latencyMicros, long elapsedNanos,
                             long startEpochMs, long endEpochMs, Map<Integer, Long> statuses, long cpuAtStartMillis) {
        long cpuNow = ownCpuMillis();
        boolean empty = latencyMicros.getTotalCount() == 0;
        return new Summary(mode, counts, elapsedNanos / 1e9,
                empty ? 0 : millis(latencyMicros.getValueAtPercentile(50)),
                empty ? 0 : millis(latencyMicros.getValueAtPercentile(95)),
                empty ? 0 : millis(latencyMicros.getValueAtPercentile(99)),
                empty ? 0 : millis(latencyMicros.getMaxValue()),
                startEpochMs, endEpochMs, Map.copyOf(statuses),
                cpuNow < 0 || cpuAtStartMillis < 0 ? -1 : cpuNow - cpuAtStartMillis, cpuNow);
    }

    /** CPU time this process has used so far (all threads), or -1 where the OS does not tell: on a machine shared
     * with the services, the benchmark subtracts it to see what the services themselves cost. */
    public static long ownCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    public double sentPerSecond() {
        return perSecond(counts.sent());
    }

    public double acceptedPerSecond() {
        return perSecond(counts.accepted());
    }

    private double perSecond(long n) {
        return elapsedSeconds <= 0 ? 0 : n / elapsedSeconds;
    }

    /** For people. */
    public String toText() {
        return String.format(Locale.ROOT, """
                        mode           %s
                        elapsed        %.2f s
                        batches        %d
                        sent           %d events (%d re-sent copies)
                        accepted       %d
                        duplicates     %d
                        rejected       %d
                        failed         %d events (%d batches with an HTTP error, %d without an answer)
                        statuses       %s
                        events/s       %.0f sent, %.0f accepted
                        batch latency  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                        """, mode, elapsedSeconds, counts.batches(), counts.sent(), counts.resent(),
                counts.accepted(), counts.duplicates(), counts.rejected(), counts.failed(), counts.httpErrors(),
                counts.ioErrors(), statusText(), sentPerSecond(), acceptedPerSecond(), p50Ms, p95Ms, p99Ms, maxMs);
    }

    /** For scripts: one line, {@code RESULT key=value ...}, no spaces inside values. */
    public String toResultLine() {
        return String.format(Locale.ROOT,
                "RESULT mode=%s batches=%d sent=%d resent=%d accepted=%d duplicates=%d rejected=%d failed=%d"
                        + " http_errors=%d io_errors=%d elapsed_s=%.3f sent_eps=%.0f accepted_eps=%.0f"
                        + " p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f avg_event_bytes=%d"
                        + " start_epoch_ms=%d end_epoch_ms=%d cpu_ms=%d process_cpu_ms=%d",
                mode, counts.batches(), counts.sent(), counts.resent(), counts.accepted(), counts.duplicates(),
                counts.rejected(), counts.failed(), counts.httpErrors(), counts.ioErrors(), elapsedSeconds,
                sentPerSecond(), acceptedPerSecond(), p50Ms, p95Ms, p99Ms, maxMs, counts.avgEventBytes(),
                startEpochMs, endEpochMs, cpuMillis, processCpuMillis);
    }

    private String statusText() {
        if (statuses.isEmpty()) {
            return "-";
        }
        return statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> (e.getKey() < 0 ? "no-answer" : e.getKey().toString()) + "x" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    static double millis(long micros) {
        return micros / 1000.0;
    }
}
