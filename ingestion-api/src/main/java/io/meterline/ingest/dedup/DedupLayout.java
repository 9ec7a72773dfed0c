package io.meterline.ingest.dedup;

import java.time.Instant;

/**
 * Where {@link RedisDeduplicator} keeps a customer's dedup keys: in hashes, one per customer, event day and
 * shard, so that a key costs a hash field instead of a Redis key with its own TTL, and a batch touches a few
 * hashes instead of a thousand keys.
 *
 * <p>A key lives in the hash of its event's UTC day (the day of the event's own timestamp, which a retry repeats),
 * so a look-up reads one hash, whatever the event's age. Every write sets the hash to expire one dedup TTL later,
 * so a key is remembered for at least the dedup TTL after it was written. A re-send of a dedup key with a
 * timestamp on another day is not seen here; Postgres's primary key stops it in the cost worker. The shard
 * ({@value #SHARDS} per day) bounds a hash's size, so that freeing an expired hash stays short.
 *
 * <p>Names: {@code ml:h:<customer>|<epoch day>|<shard>} maps a dedup key to the token of the batch holding it,
 * {@code ml:a:<customer>|<epoch day>|<shard>} holds the ids of accepted events whose dedup key is an idempotency
 * key, {@code ml:b:<token>} a batch's state. '|' cannot occur in a customer id, so names never collide.
 */
public final class DedupLayout {

    static final int SHARDS = 16;
    private static final long DAY_SECONDS = 86_400;

    private DedupLayout() {
    }

    /** The UTC day (days since 1970-01-01) of an instant. */
    public static long day(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), DAY_SECONDS);
    }

    /** The shard of a dedup key or event id: stable across processes and versions (String.hashCode is specified). */
    public static int shard(String key) {
        return Math.floorMod(key.hashCode(), SHARDS);
    }

    /** The part of a hash name after the customer's prefix: {@code <day>|<shard>}. */
    public static String suffix(long day, String key) {
        return day + "|" + shard(key);
    }

    /** Prefix of the holder hashes of a customer; the full name appends {@link #suffix}. */
    public static String holderPrefix(String customerId) {
        return "ml:h:" + customerId + "|";
    }

    /** Prefix of the accepted-event hashes of a customer; the full name appends {@link #suffix}. */
    public static String acceptedPrefix(String customerId) {
        return "ml:a:" + customerId + "|";
    }

    /** The hash that holds {@code dedupKey} of an event at {@code eventTime}. */
    public static String holderHash(String customerId, String dedupKey, Instant eventTime) {
        return holderPrefix(customerId) + suffix(day(eventTime), dedupKey);
    }

    /** The state of a batch: {@code p} pending, {@code c} confirmed, absent once released or expired. */
    public static String batchKey(String token) {
        return "ml:b:" + token;
    }
}
