package io.meterline.aggregation.webhooks;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the webhook sender; each key can also come from the environment (METERLINE_WEBHOOKS_...). */
@ConfigMapping(prefix = "meterline.webhooks")
public interface WebhooksConfig {

    /** Decide and record every attempt (as DRY_RUN) without sending anything. */
    @WithDefault("false")
    boolean dryRun();

    /** Allow private, loopback and link-local addresses (local runs and tests only). */
    @WithDefault("false")
    boolean allowPrivate();

    /** How often the sender looks for due deliveries (Quarkus duration). */
    @WithDefault("2s")
    String every();

    /** Deliveries claimed, and posted in parallel, per round of a pass. */
    @WithDefault("32")
    int batchSize();

    /** Attempts of one delivery before it is FAILED (the first one included). */
    @WithDefault("8")
    int maxAttempts();

    /** Pause after the first failed attempt; multiplied by backoff-multiplier after each further failure. */
    @WithDefault("5s")
    Duration initialBackoff();

    @WithDefault("6")
    double backoffMultiplier();

    /** Longest pause between two attempts (before jitter). */
    @WithDefault("10h")
    Duration maxBackoff();

    /** Each pause is randomly stretched or shrunk by up to this fraction, so retries of many endpoints spread out. */
    @WithDefault("0.2")
    double jitter();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for the answer once connected (the specification recommends 15 to 30 s). */
    @WithDefault("15s")
    Duration readTimeout();

    /** Bytes of an answer's body kept in the attempt log; reading stops there. */
    @WithDefault("1024")
    int responseExcerptBytes();

    /** Consecutive failed attempts after which an endpoint is marked failing (cleared by its next success). */
    @WithDefault("5")
    int failingAfter();

    /** aggregation.completed. */
    Completed completed();

    interface Completed {
        /** A period is closed, and announced, this long after its end (late events still roll into it meanwhile). */
        @WithDefault("5m")
        Duration grace();

        /** Periods that closed longer ago than this before a run are never announced (bounds the first run). */
        @WithDefault("2d")
        Duration lookback();
    }
}
