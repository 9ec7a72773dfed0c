package io.meterline.sdk;

/**
 * Counters the host application can read or export.
 *
 * @param queued  events tracked and not yet settled (waiting in the queue or in the batch being sent)
 * @param sent    events the API accepted or recognised as duplicates of an accepted event
 * @param retried events sent again (after a network error, 429, 409 IN_FLIGHT or 5xx)
 * @param failed  events given up on, each reported to the error handler
 * @param dropped events refused by a full queue with {@link OnFull#DROP}, each reported to the error handler
 */
public record Metrics(long queued, long sent, long retried, long failed, long dropped) {
}
