package io.meterline.ingest.audit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the billing audit ({@code meterline.audit.*}, env {@code METERLINE_AUDIT_*}). */
@ConfigMapping(prefix = "meterline.audit")
public interface AuditConfig {

    /** An accepted event still unprocessed in Kafka after this long is reported as stuck PENDING. */
    @WithDefault("10m")
    Duration pendingMaxAge();

    /** A dirty rollup mark no aggregation run consumed after this long is reported (the job is not running). */
    @WithDefault("10m")
    Duration dirtyMaxAge();

    /** How long after its raw rows last changed a rollup must agree with them (the aggregation look-back and more). */
    @WithDefault("10m")
    Duration rollupSettle();

    /** The cost workers' Kafka consumer group, whose committed offsets say what was processed. */
    @WithDefault("cost-worker")
    String consumerGroup();

    /** The usage-events topic (the services' own setting). */
    @WithDefault("${meterline.topics.usage-events}")
    String usageEventsTopic();

    /** Offending rows listed per check (the count is always complete). */
    @WithDefault("10")
    int examples();
}
