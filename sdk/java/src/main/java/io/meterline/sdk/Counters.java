package io.meterline.sdk;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link Metrics}. {@code settled} = sent + failed, in queue order. */
final class Counters {
    final AtomicLong enqueued = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();

    Metrics snapshot() {
        long s = sent.get(), f = failed.get();
        return new Metrics(Math.max(0, enqueued.get() - s - f), s, retried.get(), f, dropped.get());
    }
}
