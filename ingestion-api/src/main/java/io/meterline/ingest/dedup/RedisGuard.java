package io.meterline.ingest.dedup;

import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Keeps a dead Redis cheap: each call is capped by a short timeout, and after a failure calls fail at once
 * for a back-off period instead of waiting again. One warning per outage, not one per request.
 */
final class RedisGuard {

    private static final Logger LOG = Logger.getLogger(RedisGuard.class);

    /** Failure while Redis is being skipped; carries no stack trace. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final Duration timeout;
    private final long backoffNanos;
    private volatile long skipUntilNanos;
    private volatile boolean down;

    RedisGuard(Duration timeout, Duration backoff) {
        this.timeout = timeout;
        this.backoffNanos = backoff.toNanos();
        this.skipUntilNanos = System.nanoTime();
    }

    <T> Uni<T> call(Supplier<Uni<? extends T>> command) {
        if (down && skipUntilNanos - System.nanoTime() > 0) {
            return Uni.createFrom().failure(new Unavailable("Redis is skipped after a recent failure"));
        }
        return Uni.createFrom().<T>deferred(command)
                .ifNoItem().after(timeout).failWith(() -> new Unavailable("Redis did not answer within " + timeout.toMillis() + " ms"))
                .onItem().invoke(this::up)
                .onFailure().invoke(this::failed);
    }

    private void up() {
        if (down) {
            down = false;
            LOG.info("Redis answers again; dedup and rate limiting resume");
        }
    }

    private void failed(Throwable failure) {
        if (failure instanceof Unavailable && failure.getMessage().startsWith("Redis is skipped")) {
            return;
        }
        if (isRedisError(failure)) {
            return;
        }
        if (!down) {
            LOG.warnf("Redis is unreachable (%s); accepting events without dedup or rate limiting", failure.getMessage());
        }
        skipUntilNanos = System.nanoTime() + backoffNanos;
        down = true;
    }

    /** An error reply (e.g. NOSCRIPT, WRONGTYPE) means Redis is up. */
    private static boolean isRedisError(Throwable failure) {
        return failure.getClass().getName().equals("io.vertx.redis.client.impl.types.ErrorType");
    }
}
