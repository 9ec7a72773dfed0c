package io.meterline.loadgen.client;

import io.meterline.loadgen.generate.Batch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a batch and, while {@code retryFor} lasts, sends the same bytes again after every answer that leaves its
 * outcome open, as the API asks a client to (docs/ingestion-api.md): no answer (connection refused, reset, timeout),
 * 409 {@code IN_FLIGHT}, 429, any 5xx (503 {@code PUBLISH_FAILED}), or a 202 naming events {@code IN_FLIGHT}. It
 * waits the answer's Retry-After (at most 5 s) or 1 s in between. With {@code retryFor} zero it sends once.
 */
public final class RetryingSender {

    static final long DEFAULT_DELAY_MS = 1000;
    static final long MAX_DELAY_MS = 5000;

    /** The last answer to a batch, after {@code attempts} tries; {@code open}: it still called for a retry. */
    public record Delivery(Batch batch, Answer answer, Refusals refusals, int attempts, boolean open) {
    }

    /** Told of every answer, the retried ones included. */
    public interface Listener {
        void answered(Answer answer, boolean willRetry);
    }

    private final IngestClient client;
    private final long retryForNanos;
    private final boolean detail;
    private final ScheduledExecutorService timer;
    private final Listener listener;

    /** {@code detail}: read every answer's refusals, also when no retry needs them (the outcome log does). */
    public RetryingSender(IngestClient client, Duration retryFor, boolean detail, ScheduledExecutorService timer,
                          Listener listener) {
        this.client = client;
        this.retryForNanos = retryFor.toNanos();
        this.detail = detail || retryForNanos > 0;
        this.timer = timer;
        this.listener = listener;
    }

    /** Never completes exceptionally. */
    public CompletableFuture<Delivery> send(Batch batch) {
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        attempt(batch, System.nanoTime() + retryForNanos, 1, result);
        return result;
    }

    private void attempt(Batch batch, long deadline, int attempt, CompletableFuture<Delivery> result) {
        client.post(batch).whenComplete((answer, error) -> {
            Answer last = error != null ? Answer.none() : answer;
            Refusals refusals = detail ? Refusals.of(last) : Refusals.NONE;
            boolean open = isOpen(last, refusals);
            long delayMs = delayMillis(last);
            boolean again = open && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) < deadline;
            listener.answered(last, again);
            if (again) {
                timer.schedule(() -> attempt(batch, deadline, attempt + 1, result), delayMs, TimeUnit.MILLISECONDS);
            } else {
                result.complete(new Delivery(batch, last, refusals, attempt, open));
            }
        });
    }

    static boolean isOpen(Answer answer, Refusals refusals) {
        int status = answer.status();
        return status == IngestOutcome.IO_ERROR || status == 409 || status == 429 || status >= 500
                || ((status == 200 || status == 202) && !refusals.inFlight().isEmpty());
    }

    static long delayMillis(Answer answer) {
        if (answer.retryAfterSeconds() < 0) {
            return DEFAULT_DELAY_MS;
        }
        return Math.min(MAX_DELAY_MS, Math.max(DEFAULT_DELAY_MS, answer.retryAfterSeconds() * 1000));
    }
}
