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
     * How far before the last scheduled run's end a run's window starts; the window only bounds which periods close
     * (aggregation.completed, once per period whatever the overlap). What a run recomputes follows the dirty-hour
     * marks (rollup_dirty), not this window.
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

    /** grant.expiring is announced this long before a grant's expires_at (once per grant). */
    @WithDefault("3d")
    Duration grantsExpiringNotice();

    /** Most grant.expiring announcements one grants-job run makes (one transaction); the rest wait for the next. */
    @WithDefault("1000")
    int grantsExpiringPerRun();

    /** Quartz cron of the renewal job (issues each subscription's period grants as periods start). */
    @WithDefault("0 * * * * ?")
    String renewalsCron();

    /** Most subscriptions the renewal job handles in one run (one transaction per period); the rest wait. */
    @WithDefault("1000")
    int renewalsSubscriptionsPerRun();

    /** Quartz cron of the reservations sweep (expires OPEN holds past expires_at, releasing them from held). */
    @WithDefault("*/15 * * * * ?")
    String reservationsSweepCron();

    /** Most expired reservations one sweep takes (their wallets in one statement); the rest wait for the next run. */
    @WithDefault("1000")
    int reservationsSweepLimit();

    /** Token for POST/GET /v1/aggregation/jobs (Authorization: Bearer); the admin token of the deployment. */
    String adminToken();
}
