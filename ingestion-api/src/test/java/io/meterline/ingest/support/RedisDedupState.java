package io.meterline.ingest.support;

import java.util.Optional;

import io.meterline.ingest.repository.DedupLayout;
import io.meterline.ingest.repository.RedisDeduplicator;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and writes the dedup state in Redis the way {@link RedisDeduplicator} lays it out, for tests. */
@ApplicationScoped
public class RedisDedupState {

    private final RedisDataSource redis;
    private final DedupLayout layout;

    public RedisDedupState(RedisDataSource redis, RedisDeduplicator dedup) {
        this.redis = redis;
        this.layout = dedup.layout();
    }

    /** The token of the batch holding {@code key}, from the newest generation that has it. */
    public Optional<String> holder(String customerId, String key) {
        long current = layout.generation(System.currentTimeMillis());
        for (long g = current; g > current - layout.generations(); g--) {
            String token = redis.hash(String.class).hget(DedupLayout.holderHash(customerId, key, g), key);
            if (token != null) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** Makes {@code token} hold {@code key}, written {@code generationsAgo} generations ago. */
    public void hold(String customerId, String key, String token, int generationsAgo) {
        long generation = layout.generation(System.currentTimeMillis()) - generationsAgo;
        redis.hash(String.class).hset(DedupLayout.holderHash(customerId, key, generation), key, token);
    }

    /** Sets a batch's state: {@code p} pending, {@code c} confirmed; null drops it (released or expired). */
    public void batchState(String token, String state) {
        if (state == null) {
            redis.key().del(DedupLayout.batchKey(token));
        } else {
            redis.value(String.class).set(DedupLayout.batchKey(token), state);
        }
    }
}
