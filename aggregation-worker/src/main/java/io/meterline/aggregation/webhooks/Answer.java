package io.meterline.aggregation.webhooks;

/**
 * How one attempt ended. {@code statusCode} is null when no answer came (refused address, connection error,
 * timeout), {@code error} then says why. {@code retryAfterMillis} is the receiver's Retry-After, 0 without one.
 */
public record Answer(Outcome outcome, Integer statusCode, long latencyMillis, String excerpt, String error,
        long retryAfterMillis) {

    /** What the attempt log records (webhook_attempts.outcome). */
    public enum Outcome { DELIVERED, FAILED, GONE, REFUSED, DRY_RUN }

    public static Answer of(int statusCode, long latencyMillis, String excerpt, long retryAfterMillis) {
        Outcome outcome = statusCode >= 200 && statusCode < 300 ? Outcome.DELIVERED
                : statusCode == 410 ? Outcome.GONE : Outcome.FAILED;
        String error = outcome == Outcome.FAILED ? "answered HTTP " + statusCode : null;
        return new Answer(outcome, statusCode, latencyMillis, excerpt, error, retryAfterMillis);
    }

    public static Answer failed(long latencyMillis, String error) {
        return new Answer(Outcome.FAILED, null, latencyMillis, null, error, 0);
    }

    public static Answer refused(String error) {
        return new Answer(Outcome.REFUSED, null, 0, null, error, 0);
    }

    public static Answer dryRun() {
        return new Answer(Outcome.DRY_RUN, null, 0, null, null, 0);
    }
}
