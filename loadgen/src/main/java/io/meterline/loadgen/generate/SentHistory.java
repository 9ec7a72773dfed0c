package io.meterline.loadgen.generate;

import java.util.SplittableRandom;

/**
 * The last events generated for one customer (their JSON), from which duplicates are re-sent byte for byte,
 * as a client retrying a request would. Bounded: the oldest are forgotten. Thread-safe.
 */
final class SentHistory {

    private final byte[][] ring;
    private long written;

    SentHistory(int capacity) {
        this.ring = new byte[capacity][];
    }

    synchronized void add(byte[] event) {
        ring[(int) (written % ring.length)] = event;
        written++;
    }

    /** A random remembered event, or null when none has been generated yet. */
    synchronized byte[] pick(SplittableRandom random) {
        if (written == 0) {
            return null;
        }
        int size = (int) Math.min(written, ring.length);
        return ring[random.nextInt(size)];
    }
}
