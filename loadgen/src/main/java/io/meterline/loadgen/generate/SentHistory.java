package io.meterline.loadgen.generate;

import java.util.SplittableRandom;

/**
 * The last events generated for one customer (their id and JSON), from which duplicates are re-sent byte for
 * byte, as a client retrying a request would. Bounded: the oldest are forgotten. Thread-safe.
 */
final class SentHistory {

    /** One generated event. */
    record Sent(String eventId, byte[] json) {
    }

    private final Sent[] ring;
    private long written;

    SentHistory(int capacity) {
        this.ring = new Sent[capacity];
    }

    synchronized void add(Sent event) {
        ring[(int) (written % ring.length)] = event;
        written++;
    }

    /** A random remembered event, or null when none has been generated yet. */
    synchronized Sent pick(SplittableRandom random) {
        if (written == 0) {
            return null;
        }
        int size = (int) Math.min(written, ring.length);
        return ring[random.nextInt(size)];
    }
}
