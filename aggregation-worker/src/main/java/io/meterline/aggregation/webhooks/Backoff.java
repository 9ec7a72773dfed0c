package io.meterline.aggregation.webhooks;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause before the next attempt after {@code failures} failed attempts of the current round: initial x
 * multiplier^(failures-1), capped, then jittered by +-jitter. With the defaults (5 s, x6, 10 h cap, 8 attempts)
 * attempts are spaced 5 s, 30 s, 3 min, 18 min, 1 h 48 min, 10 h, 10 h: the eighth and last about 22 hours after
 * the first. A Retry-After from the receiver lengthens a pause (up to the cap), never shortens it.
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter) {

    public static Backoff of(WebhooksConfig config) {
        return new Backoff(config.initialBackoff(), config.backoffMultiplier(), config.maxBackoff(), config.jitter());
    }

    /** The un-jittered pause, in milliseconds. */
    public long baseMillis(int failures) {
        double pause = initial.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        return (long) Math.min(pause, max.toMillis());
    }

    /** The pause to wait; {@code random} yields values in [0, 1). */
    public long millis(int failures, long retryAfterMillis, DoubleSupplier random) {
        long base = Math.max(baseMillis(failures), Math.min(retryAfterMillis, max.toMillis()));
        return Math.max(0, Math.round(base * (1 - jitter + 2 * jitter * random.getAsDouble())));
    }
}
