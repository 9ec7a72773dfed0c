package io.meterline.loadgen.reserve;

import io.meterline.loadgen.generate.Customer;
import io.vertx.core.http.HttpMethod;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The reservation path under an open-loop load: hold n is sent at start + n / rate whatever the answers before it,
 * to customer n mod customers, and its latency runs from that intended time to its answer (a stalled server shows
 * as latency, not as fewer requests). A closing customer then releases (even n) or settles by a charge (odd n) each
 * hold it got; those follow-ups are counted and timed apart, not in the hold latency.
 *
 * <p>The first {@code warmup} seconds of holds (same rate, same closes) are sent and answered but not counted:
 * the figures are those of a warm API, as in production, not of its first seconds of JIT compilation.
 *
 * <p>At most {@code concurrency} requests are in flight (at most that many keep-alive HTTP/1.1 connections, see
 * {@link HoldClient}): a hold waits for a free slot, and a follow-up reuses its hold's. A server slower than the
 * offered rate thus shows as growing hold latency rather than as thousands of connections opened and timed out.
 */
public final class ReservationRun {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ReservationOptions options;
    private final PrintStream err;
    private final HoldClient http;
    private final Histogram holds = new Histogram(MAX_MICROS, 3);
    private final Histogram closes = new Histogram(MAX_MICROS, 3);
    private final Map<Integer, LongAdder> holdStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closeStatus = new ConcurrentHashMap<>();
    private final String charge;
    private final Semaphore inFlight;
    private final AtomicReference<String> firstError = new AtomicReference<>();

    public ReservationRun(ReservationOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
        this.http = new HoldClient(options.url(), options.concurrency(), options.timeout(), error -> {
            if (firstError.compareAndSet(null, error.toString())) {
                err.println("[loadgen] first request without an answer: " + error);
            }
        });
        this.charge = new BigDecimal(options.estimate()).divide(BigDecimal.valueOf(2)).toPlainString();
        this.inFlight = new Semaphore(options.concurrency());
    }

    /** Runs the load; returns the summary text and its RESULT line. */
    public String run() throws InterruptedException {
        long measured = options.holds();
        long warmup = options.warmupHolds();
        long total = warmup + measured;
        long periodNanos = Math.round(1e9 / options.rate());
        CompletableFuture<?>[] calls = new CompletableFuture<?>[(int) total];
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long nextProgress = start + TimeUnit.SECONDS.toNanos(1);
        long lastSend = start;
        long measureStart = start + warmup * periodNanos; // the first measured hold's intended time
        for (int n = 0; n < total; n++) {
            long intended = start + n * periodNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            calls[n] = hold(n, intended, n >= warmup).whenComplete((ignored, error) -> inFlight.release());
            lastSend = System.nanoTime();
            if (options.progress() && lastSend > nextProgress) {
                err.printf("[loadgen] %d holds sent%n", n + 1);
                nextProgress += TimeUnit.SECONDS.toNanos(1);
            }
        }
        double sendSeconds = (lastSend - measureStart) / 1e9;
        CompletableFuture.allOf(calls).join();
        double allSeconds = (System.nanoTime() - measureStart) / 1e9;
        http.close();
        return summary(measured, sendSeconds, allSeconds);
    }

    /** Hold n, its close if its customer closes; timed and counted when {@code measured}. */
    private CompletableFuture<Void> hold(int n, long intended, boolean measured) {
        int index = n % options.customers().size();
        Customer customer = options.customers().get(index);
        String id = "lg-" + options.seed() + "-" + n;
        String body = "{\"reservation_id\":\"" + id + "\",\"estimate\":\"" + options.estimate() + "\"}";
        return http.send(HttpMethod.POST, "/v1/reservations", customer.apiKey(), body).thenCompose(status -> {
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended);
            if (measured) {
                synchronized (holds) {
                    holds.recordValue(Math.min(Math.max(1, micros), MAX_MICROS));
                }
                holdStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
            }
            if (status != 201 || !options.closes(index)) {
                return CompletableFuture.completedFuture(null);
            }
            boolean release = n % 2 == 0;
            long sent = System.nanoTime();
            CompletableFuture<Integer> close = release
                    ? http.send(HttpMethod.DELETE, "/v1/reservations/" + id, customer.apiKey(), null)
                    : http.send(HttpMethod.POST, "/v1/charges", customer.apiKey(), "{\"request_id\":\"" + id
                            + "\",\"amount\":\"" + charge + "\",\"reservation_id\":\"" + id + "\"}");
            return close.thenAccept(answer -> {
                if (!measured) {
                    return;
                }
                long closeMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);
                synchronized (closes) {
                    closes.recordValue(Math.min(Math.max(1, closeMicros), MAX_MICROS));
                }
                closeStatus.computeIfAbsent((release ? "release:" : "settle:") + answer, s -> new LongAdder())
                        .increment();
            });
        });
    }

    private String summary(long total, double sendSeconds, double allSeconds) {
        long created = count(holdStatus, 201);
        long refused = count(holdStatus, 402);
        long answered = holdStatus.entrySet().stream().filter(e -> e.getKey() != 0)
                .mapToLong(e -> e.getValue().sum()).sum();
        double achieved = answered / Math.max(allSeconds, 1e-9);
        StringBuilder text = new StringBuilder();
        text.append(String.format("reservations: %d holds offered at %.0f/s over %d customers (%.0f %% closing), "
                + "after a warm-up of %d%n", total, options.rate(), options.customers().size(),
                options.closingShare() * 100, options.warmupHolds()));
        text.append(String.format("  sent in %.2f s, all answered in %.2f s: %.0f holds/s achieved%n", sendSeconds,
                allSeconds, achieved));
        text.append(String.format("  hold latency  p50 %s ms, p95 %s ms, p99 %s ms, max %s ms (from the intended send time)%n",
                ms(holds, 50), ms(holds, 95), ms(holds, 99), ms(holds.getMaxValue())));
        text.append(String.format("  close latency p50 %s ms, p99 %s ms; answers: holds %s, closes %s%n",
                ms(closes, 50), ms(closes, 99), new TreeMap<>(holdStatus), new TreeMap<>(closeStatus)));
        text.append(String.format("RESULT mode=reservations offered_rate=%.0f holds=%d created=%d refused=%d "
                + "failed=%d achieved_rate=%.0f p50_ms=%s p95_ms=%s p99_ms=%s max_ms=%s closes=%d close_p99_ms=%s",
                options.rate(), total, created, refused, total - created - refused, achieved, ms(holds, 50),
                ms(holds, 95), ms(holds, 99), ms(holds.getMaxValue()), closes.getTotalCount(), ms(closes, 99)));
        return text.toString();
    }

    private static long count(Map<Integer, LongAdder> byStatus, int status) {
        LongAdder n = byStatus.get(status);
        return n == null ? 0 : n.sum();
    }

    private static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "0" : ms(h.getValueAtPercentile(percentile));
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }
}
