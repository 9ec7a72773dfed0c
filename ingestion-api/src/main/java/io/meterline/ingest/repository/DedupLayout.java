package io.meterline.ingest.repository;

import java.time.Duration;

/**
 * Where {@link RedisDeduplicator} keeps a customer's dedup keys: in hashes, one per customer, generation and
 * shard, so that a key costs a hash field instead of a Redis key with its own TTL, and a batch touches a few
 * hashes instead of a thousand keys.
 *
 * <p>A generation is a span of arrival time ({@code min(1 day, dedup TTL)}). A key is written into the hash of
 * the generation it arrived in, which expires one dedup TTL after that generation ends; so a key is remembered
 * for at least the dedup TTL, and looking it up means reading the {@link #generations()} newest generations.
 * The shard ({@value #SHARDS} per generation) bounds a hash's size, so that freeing an expired hash stays short.
 *
 * <p>Names: {@code ml:h:<customer>|<generation>|<shard>} maps a dedup key to the token of the batch holding it,
 * {@code ml:a:<customer>|<generation>|<shard>} holds the ids of accepted events whose dedup key is an idempotency
 * key. '|' cannot occur in a customer id, so names never collide.
 */
public final class DedupLayout {

    static final int SHARDS = 16;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final long ttlMillis;
    private final long generationMillis;
    private final int generations;

    public DedupLayout(Duration dedupTtl) {
        this.ttlMillis = Math.max(1, dedupTtl.toMillis());
        this.generationMillis = Math.min(DAY_MILLIS, ttlMillis);
        // a key written in generation g must still be found in g + ceil(ttl / generation)
        this.generations = (int) ((ttlMillis + generationMillis - 1) / generationMillis) + 1;
    }

    /** How many generations, newest first, a look-up reads. */
    public int generations() {
        return generations;
    }

    public long generation(long epochMillis) {
        return epochMillis / generationMillis;
    }

    /** When the hashes of {@code generation} expire (epoch ms): one dedup TTL after the generation ends. */
    public long expiresAt(long generation) {
        return (generation + 1) * generationMillis + ttlMillis;
    }

    /** The shard of a dedup key or event id: stable across processes and versions (String.hashCode is specified). */
    public static int shard(String key) {
        return Math.floorMod(key.hashCode(), SHARDS);
    }

    /** Prefix of the holder hashes of a customer; the full name appends {@code <generation>|<shard>}. */
    public static String holderPrefix(String customerId) {
        return "ml:h:" + customerId + "|";
    }

    /** Prefix of the accepted-event hashes of a customer; the full name appends {@code <generation>|<shard>}. */
    public static String acceptedPrefix(String customerId) {
        return "ml:a:" + customerId + "|";
    }

    /** The hash that holds {@code dedupKey} when it is written in {@code generation}. */
    public static String holderHash(String customerId, String dedupKey, long generation) {
        return holderPrefix(customerId) + generation + "|" + shard(dedupKey);
    }

    /** The state of a batch: {@code p} pending, {@code c} confirmed, absent once released or expired. */
    public static String batchKey(String token) {
        return "ml:b:" + token;
    }
}
