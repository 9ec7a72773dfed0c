package io.meterline.aggregation.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the aggregation worker; each key can also come from the environment (METERLINE_AGGREGATION_...). */
@ConfigMapping(prefix = "meterline.aggregation")
public interface AggregationConfig {

    /** Quartz cron of the scheduled roll-up (seconds first); default every minute. */
    @WithDefault("0 * * * * ?")
    String cron();

    /**
     * How far before the last run's end a run looks again for changed usage rows. A cost-worker transaction
     * stamps rows with its start time but becomes visible at commit, so the overlap must exceed the longest
     * transaction; recomputation is idempotent, so overlap costs work, never correctness.
     */
    @WithDefault("5m")
    Duration overlap();

    /** Longest event-time range one backfill (POST /v1/aggregation/jobs with from and to) may cover. */
    @WithDefault("400d")
    Duration maxBackfill();

    /** Quartz cron of the grants job (posts grants that became effective, expires grants past expires_at). */
    @WithDefault("0 * * * * ?")
    String grantsCron();

    /** Most wallets the grants job handles in one run (one transaction each); the rest wait for the next run. */
    @WithDefault("1000")
    int grantsWalletsPerRun();

    /** Quartz cron of the reservations sweep (expires OPEN holds past expires_at, releasing them from held). */
    @WithDefault("*/15 * * * * ?")
    String reservationsSweepCron();

    /** Most expired reservations one sweep takes (their wallets in one statement); the rest wait for the next run. */
    @WithDefault("1000")
    int reservationsSweepLimit();

    /** Token for POST/GET /v1/aggregation/jobs (Authorization: Bearer); the admin token of the deployment. */
    String adminToken();
}
