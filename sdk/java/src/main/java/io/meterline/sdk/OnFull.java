package io.meterline.sdk;

/** What {@link MeterlineClient#track} does when the queue is full. Nothing is ever dropped silently. */
public enum OnFull {
    /** Wait until the flusher makes room (the default). */
    BLOCK,
    /** Drop the event and report it to the error handler with code {@code QUEUE_FULL}. */
    DROP,
    /** Throw {@link QueueFullException}; the caller keeps the event. */
    RAISE
}
