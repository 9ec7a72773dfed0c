package io.meterline.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one background thread that drains the queue: a batch closes at {@code maxEvents}, at {@code maxBytes} of
 * JSON, after {@code interval} since its first event, or at once on flush/close. Batches are delivered one at a
 * time and in queue order, each until it is settled (sent, or failed and reported), so "everything tracked before
 * flush() was called is settled" is "settledSeq reached the last seq tracked before the call".
 *
 * <p>Delivery order: an event leaves the queue, is sent (and re-sent unchanged on a retryable answer), then is
 * counted sent or reported failed. If the process dies mid-way, the events in memory are lost to this process but
 * never double-billed: a re-send by anyone carries the same event_id.
 */
final class Flusher implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.meterline.sdk");
    private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Put in the queue by close() to wake an idle flusher; never sent. */
    private static final Queued WAKE_UP = new Queued(null, new byte[0], -1);

    private final BlockingQueue<Queued> queue;
    private final IngestSender sender;
    private final Counters counters;
    private final Consumer<DeliveryError> onError;
    private final Backoff backoff;
    private final int maxRetries;
    private final int maxEvents;
    private final long maxBytes;
    private final long intervalNanos;

    private final Object progress = new Object();
    private long settledSeq;
    private long flushUpTo;
    private volatile boolean closing;
    private Queued carry;

    Flusher(BlockingQueue<Queued> queue, IngestSender sender, Counters counters, Consumer<DeliveryError> onError,
            Backoff backoff, int maxRetries, int maxEvents, long maxBytes, Duration interval) {
        this.queue = queue;
        this.sender = sender;
        this.counters = counters;
        this.onError = onError;
        this.backoff = backoff;
        this.maxRetries = maxRetries;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void run() {
        while (true) {
            List<Queued> batch = nextBatch();
            if (batch == null) {
                if (closing && carry == null && queue.isEmpty()) return;
                continue;
            }
            try {
                deliver(batch, 0);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "meterline: unexpected error delivering a batch", e);
                fail(batch, 0, "CLIENT_ERROR", null, e.toString());
            }
            synchronized (progress) {
                settledSeq = batch.get(batch.size() - 1).seq();
                progress.notifyAll();
            }
        }
    }

    /** Blocks until everything tracked up to {@code seq} is settled, or the timeout passes; true if settled. */
    boolean awaitSettled(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            flushUpTo = Math.max(flushUpTo, seq);
            while (settledSeq < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    void close() {
        closing = true;
        queue.offer(WAKE_UP); // if the queue is full the flusher is not idle anyway
    }

    private boolean urgent(long seq) {
        if (closing) return true;
        synchronized (progress) {
            return flushUpTo >= seq;
        }
    }

    private List<Queued> nextBatch() {
        Queued first = carry != null ? carry : poll(closing ? 0 : intervalNanos); // closing is set before WAKE_UP
        carry = null;
        if (first == null) return null;
        List<Queued> batch = new ArrayList<>(Math.min(maxEvents, 1024));
        batch.add(first);
        long bytes = IngestSender.BODY_OVERHEAD + first.json().length;
        long deadline = System.nanoTime() + intervalNanos;
        while (batch.size() < maxEvents) {
            Queued next = queue.poll();
            if (next == WAKE_UP) next = queue.poll();
            while (next == null && !urgent(first.seq()) && System.nanoTime() < deadline) {
                next = poll(Math.min(POLL_SLICE_NANOS, deadline - System.nanoTime()));
            }
            if (next == null) break;
            if (bytes + 1 + next.json().length > maxBytes) {
                carry = next;
                break;
            }
            batch.add(next);
            bytes += 1 + next.json().length;
        }
        return batch;
    }

    private Queued poll(long nanos) {
        try {
            Queued q = queue.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return q == WAKE_UP ? queue.poll() : q;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
            return null;
        }
    }

    /** Sends until settled; {@code attempt} counts the sends of these events so far (for backoff and the cap). */
    private void deliver(List<Queued> events, int attempt) {
        while (!events.isEmpty()) {
            Verdict verdict = sender.send(events);
            if (verdict instanceof Verdict.Settled s) {
                counters.sent.addAndGet(s.sent());
                for (Verdict.EventFailure f : s.failed()) {
                    fail(List.of(events.get(f.index())), f.status(), f.code(), f.field(), f.message());
                }
                if (s.resend().isEmpty()) return;
                List<Queued> again = s.resend().stream().map(events::get).toList();
                if (!mayRetry(again, attempt, null, "IN_FLIGHT or refused with others")) return;
                events = again;
            } else if (verdict instanceof Verdict.Retry r) {
                if (!mayRetry(events, attempt, r.retryAfter(), r.reason())) return;
            } else if (verdict instanceof Verdict.Split) {
                int half = events.size() / 2;
                deliver(new ArrayList<>(events.subList(0, half)), attempt);
                deliver(new ArrayList<>(events.subList(half, events.size())), attempt);
                return;
            } else if (verdict instanceof Verdict.FailAll f) {
                fail(events, f.status(), f.code(), null, f.message());
                return;
            }
            attempt++;
        }
    }

    /** Waits before a re-send; false (and the events reported) once the retries are used up. */
    private boolean mayRetry(List<Queued> events, int attempt, Duration retryAfter, String reason) {
        if (attempt >= maxRetries) {
            fail(events, 0, "RETRIES_EXHAUSTED", null, "gave up after " + (attempt + 1) + " attempts; last: " + reason);
            return false;
        }
        Duration delay = backoff.delay(attempt, retryAfter);
        LOG.log(System.Logger.Level.DEBUG, "meterline: retrying {0} events in {1} ms ({2})", events.size(), delay.toMillis(), reason);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counters.retried.addAndGet(events.size());
        return true;
    }

    private void fail(List<Queued> events, int status, String code, String field, String message) {
        counters.failed.addAndGet(events.size());
        for (Queued q : events) {
            report(onError, new DeliveryError(q.event(), status, code, field, message));
        }
    }

    static void report(Consumer<DeliveryError> onError, DeliveryError error) {
        try {
            onError.accept(error);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "meterline: the error handler threw", e);
        }
    }
}
