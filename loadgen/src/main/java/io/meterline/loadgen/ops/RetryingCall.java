package io.meterline.loadgen.ops;

import io.meterline.loadgen.client.Answer;
import io.meterline.loadgen.client.Refusals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One operation sent until its outcome is decided: the same request (same idempotency id, same body) again after
 * every answer that leaves it open - no answer, 429, 5xx, a 409 {@code IN_FLIGHT}, or events {@code IN_FLIGHT} in
 * a 202 - for as long as {@code retryForNanos} lasts, waiting the answer's Retry-After (1 to 5 s) in between, as
 * {@link io.meterline.loadgen.client.RetryingSender} does for event batches. Another answer is final.
 */
final class RetryingCall {

    /** The final answer and how many attempts it took; {@code open}: the retries ran out undecided. */
    record Result(Answer answer, int attempts, boolean open) {

        /** A for acknowledged (2xx), R for refused for good, U for no definite answer. */
        char code() {
            if (open) {
                return 'U';
            }
            return answer.status() >= 200 && answer.status() < 300 ? 'A' : 'R';
        }
    }

    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final long retryForNanos;

    RetryingCall(HttpClient http, ScheduledExecutorService timer, long retryForNanos) {
        this.http = http;
        this.timer = timer;
        this.retryForNanos = retryForNanos;
    }

    /** Never completes exceptionally. */
    CompletableFuture<Result> send(Supplier<HttpRequest> request) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        attempt(request, System.nanoTime() + retryForNanos, 1, result);
        return result;
    }

    private void attempt(Supplier<HttpRequest> request, long deadline, int attempt, CompletableFuture<Result> result) {
        http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) ->
                error != null ? Answer.none() : new Answer(response.statusCode(), response.body(),
                        response.headers().firstValue("Retry-After").map(RetryingCall::seconds).orElse(-1L)))
                .thenAccept(answer -> {
                    boolean open = isOpen(answer);
                    long delayMs = answer.retryAfterSeconds() < 0 ? 1000
                            : Math.min(5000, Math.max(1000, answer.retryAfterSeconds() * 1000));
                    if (open && System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs) < deadline) {
                        timer.schedule(() -> attempt(request, deadline, attempt + 1, result), delayMs,
                                TimeUnit.MILLISECONDS);
                    } else {
                        result.complete(new Result(answer, attempt, open));
                    }
                });
    }

    static boolean isOpen(Answer answer) {
        int status = answer.status();
        if (status < 0 || status == 429 || status >= 500) {
            return true;
        }
        if (status == 409) {
            return new String(answer.body(), StandardCharsets.UTF_8).contains("\"IN_FLIGHT\"");
        }
        return status == 202 && !Refusals.of(answer).inFlight().isEmpty();
    }

    private static long seconds(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
