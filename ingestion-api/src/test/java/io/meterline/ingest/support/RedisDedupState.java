package io.meterline.ingest.support;

import java.time.Instant;
import java.util.Optional;

import io.meterline.ingest.dedup.DedupLayout;
import io.meterline.ingest.dedup.RedisDeduplicator;
import io.meterline.ingest.events.IngestEvent;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and writes the dedup state in Redis the way {@link RedisDeduplicator} lays it out, for tests. */
@ApplicationScoped
public class RedisDedupState {

    private final RedisDataSource redis;

    public RedisDedupState(RedisDataSource redis) {
        this.redis = redis;
    }

    /** The token of the batch holding the event's id as its dedup key (an event without idempotency key). */
    public Optional<String> holder(String customerId, IngestEvent event) {
        String key = event.eventId();
        return Optional.ofNullable(redis.hash(String.class).hget(hash(customerId, event), key));
    }

    /** Makes {@code token} hold the event's id as its dedup key. */
    public void hold(String customerId, IngestEvent event, String token) {
        redis.hash(String.class).hset(hash(customerId, event), event.eventId(), token);
    }

    /** A batch's state: {@code p} pending, {@code c} confirmed; empty once released or expired. */
    public Optional<String> batchState(String token) {
        return Optional.ofNullable(redis.value(String.class).get(DedupLayout.batchKey(token)));
    }

    /** Sets a batch's state: {@code p} pending, {@code c} confirmed; null drops it (released or expired). */
    public void batchState(String token, String state) {
        if (state == null) {
            redis.key().del(DedupLayout.batchKey(token));
        } else {
            redis.value(String.class).set(DedupLayout.batchKey(token), state);
        }
    }

    private static String hash(String customerId, IngestEvent event) {
        return DedupLayout.holderHash(customerId, event.eventId(), Instant.parse(event.timestamp()));
    }
}
