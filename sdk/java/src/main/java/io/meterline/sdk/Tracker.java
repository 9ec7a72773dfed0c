package io.meterline.sdk;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The asynchronous half of {@link MeterlineClient}: it completes and queues tracked events and owns the flusher
 * thread (and the JVM shutdown hook) that delivers them. Events get their queue order ({@code seq}) under one lock,
 * in the order they enter the queue, so "flush settles everything tracked before the call" is "the flusher has
 * settled up to the last seq handed out".
 */
final class Tracker {
    private static final System.Logger LOG = System.getLogger("io.meterline.sdk");

    private final MeterlineClient.Builder options;
    private final BlockingQueue<Queued> queue;
    private final Counters counters = new Counters();
    private final Flusher flusher;
    private final Thread thread;
    private final Thread shutdownHook;
    private final Object enqueueLock = new Object();
    private long lastSeq;
    private volatile boolean closed;

    Tracker(MeterlineClient.Builder b, IngestSender sender) {
        this.options = b;
        this.queue = new LinkedBlockingQueue<>(b.maxQueueSize);
        this.flusher = new Flusher(queue, sender, counters, b.onError, new Backoff(b.initialBackoff, b.maxBackoff),
                b.maxRetries, b.maxBatchEvents, b.maxBatchBytes, b.flushInterval);
        this.thread = new Thread(flusher, "meterline-flusher");
        thread.setDaemon(true);
        thread.start();
        this.shutdownHook = b.shutdownHook ? new Thread(() -> close(b.shutdownTimeout), "meterline-shutdown") : null;
        if (shutdownHook != null) Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** See {@link MeterlineClient#track}. */
    UsageEvent track(UsageEvent event) {
        if (closed) throw new IllegalStateException("the Meterline client is closed");
        UsageEvent e = event.completed(options.customerId, Instant.now());
        if (e.customerId() == null || e.customerId().isBlank()) {
            throw new IllegalArgumentException("customer_id is required: set it on the event or on the client");
        }
        if (e.featureId() == null || e.featureId().isBlank()) {
            throw new IllegalArgumentException("feature_id is required");
        }
        byte[] json = Json.write(e);
        synchronized (enqueueLock) {
            Queued q = new Queued(e, json, lastSeq + 1);
            if (!queue.offer(q)) {
                switch (options.onFull) {
                    case DROP -> {
                        counters.dropped.incrementAndGet();
                        Flusher.report(options.onError, new DeliveryError(e, 0, "QUEUE_FULL", null,
                                "the queue holds " + options.maxQueueSize + " events; this one was dropped"));
                        return e;
                    }
                    case RAISE -> throw new QueueFullException(options.maxQueueSize);
                    case BLOCK -> {
                        try {
                            queue.put(q);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for room in the queue", ex);
                        }
                    }
                }
            }
            lastSeq = q.seq();
            counters.enqueued.incrementAndGet();
        }
        return e;
    }

    /** See {@link MeterlineClient#flush(Duration)}. */
    boolean flush(Duration timeout) {
        long upTo;
        synchronized (enqueueLock) {
            upTo = lastSeq;
        }
        try {
            return flusher.awaitSettled(upTo, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** See {@link MeterlineClient#close(Duration)}. */
    boolean close(Duration timeout) {
        closed = true;
        flusher.close();
        boolean done;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            done = !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            LOG.log(System.Logger.Level.WARNING, "meterline: {0} events not yet delivered at close", counters.snapshot().queued());
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run; it finds the client closed
            }
        }
        return done;
    }

    Metrics metrics() {
        return counters.snapshot();
    }
}
