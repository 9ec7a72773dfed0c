package io.meterline.sdk;

/**
 * An event the SDK gave up on, reported to the error handler with the event itself: refused by the API (a per-event
 * error such as {@code INVALID_VALUE} with its field, or a whole-batch answer such as 401), retries exhausted
 * ({@code RETRIES_EXHAUSTED}), dropped because the queue was full ({@code QUEUE_FULL}), or still queued when
 * {@code close} timed out ({@code NOT_DELIVERED}). {@code httpStatus} is 0 when no HTTP answer applies.
 */
public record DeliveryError(UsageEvent event, int httpStatus, String code, String field, String message) {
}
