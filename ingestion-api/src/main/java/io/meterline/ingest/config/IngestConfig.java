package io.meterline.ingest.config;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingestion API; each key can also come from the environment (METERLINE_INGEST_...). */
@ConfigMapping(prefix = "meterline.ingest")
public interface IngestConfig {

    /** How long an API key verdict (valid, unknown, revoked) is cached; keep it under 60 s. */
    @WithDefault("30s")
    Duration apiKeyCacheTtl();

    /** Most events accepted in one batch; more is answered with 413. */
    @WithDefault("1000")
    int maxEvents();

    /** Largest request body as sent (compressed or not); keep it below quarkus.http.limits.max-body-size. */
    @WithDefault("5M")
    MemorySize maxBodyBytes();

    /** Largest body after gzip inflation (guards against compression bombs). */
    @WithDefault("10M")
    MemorySize maxInflatedBytes();

    /** Largest serialized metadata object of one event, in bytes. */
    @WithDefault("4096")
    int maxMetadataBytes();

    /** How far in the past an event timestamp may lie. */
    @WithDefault("35d")
    Duration timestampMaxAge();

    /** How far in the future an event timestamp may lie (client clock skew). */
    @WithDefault("5m")
    Duration timestampMaxAhead();

    /** How long an accepted dedup key is remembered in Redis. */
    @WithDefault("7d")
    Duration dedupTtl();

    /** How long a key stays pending while its batch is published; must exceed publish-timeout. */
    @WithDefault("60s")
    Duration pendingTtl();

    /** Ingest requests allowed per API key and clock minute; more is answered with 429. */
    @WithDefault("1000")
    int rateLimitPerMinute();

    /** Longest wait for the broker to acknowledge a batch before answering 503. */
    @WithDefault("15s")
    Duration publishTimeout();

    /** Retry-After (seconds) sent with 503 answers. */
    @WithDefault("5")
    int retryAfterSeconds();

    /**
     * Longest wait for one Redis round trip; past it the request continues without dedup and Redis is skipped for
     * redis-backoff. Generous on purpose: a CPU-saturated host answers slowly, which is not an outage (a dead Redis
     * refuses connections at once).
     */
    @WithDefault("1s")
    Duration redisTimeout();

    /** After a Redis failure, skip Redis for this long, so a dead Redis costs no time per request. */
    @WithDefault("2s")
    Duration redisBackoff();

    /** Group commit of holds (reservations/HoldBatcher). */
    Reservations reservations();

    interface Reservations {
        /**
         * Lanes of hold (and release) batches: customers split by id hash, each lane writing one batch at a time.
         * One by default: concurrent batches contend in Postgres (the due-hold index's last page, the WAL), which
         * cost more than their parallelism gave (docs/benchmarks.md, session 13).
         */
        @WithDefault("1")
        int batchesInFlight();

        /** Most holds written in one statement. */
        @WithDefault("256")
        int maxBatch();
    }

    /** Publishing of charges and refunds to the wallet-movements topic (through wallet_movement_outbox). */
    Movements movements();

    interface Movements {
        /** Fallback schedule of the outbox drain; it also runs right after every charge or refund commits. */
        @WithDefault("10s")
        String drainEvery();

        /** Outbox rows published and deleted per transaction. */
        @WithDefault("500")
        int pageSize();
    }
}
