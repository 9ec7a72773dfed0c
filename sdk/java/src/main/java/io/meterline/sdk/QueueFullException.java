package io.meterline.sdk;

/** Thrown by {@link MeterlineClient#track} with {@link OnFull#RAISE} when the queue holds its maximum. */
public class QueueFullException extends RuntimeException {
    public QueueFullException(int capacity) {
        super("the Meterline queue is full (" + capacity + " events); the event was not queued");
    }
}
