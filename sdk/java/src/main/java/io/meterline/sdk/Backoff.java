package io.meterline.sdk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits a random time in [d/2, d] with d = min(max, initial * 2^n), so
 * clients that failed together do not retry together; a server's Retry-After is a lower bound (capped at
 * {@link #MAX_RETRY_AFTER}, so a wrong header cannot park the client for hours).
 */
record Backoff(Duration initial, Duration max) {

    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    Duration delay(int attempt, Duration retryAfter) {
        long cap = max.toMillis();
        long d = Math.min(cap, initial.toMillis() << Math.min(attempt, 30));
        long jittered = d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
        if (retryAfter == null) return Duration.ofMillis(jittered);
        long server = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
        return Duration.ofMillis(Math.max(jittered, server));
    }
}
