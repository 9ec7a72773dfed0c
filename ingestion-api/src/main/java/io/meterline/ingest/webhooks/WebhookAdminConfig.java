package io.meterline.ingest.webhooks;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook settings the admin API needs (the sender's own are in the aggregation worker); env METERLINE_WEBHOOKS_... */
@ConfigMapping(prefix = "meterline.webhooks")
public interface WebhookAdminConfig {

    /** Accept endpoints on private, loopback and link-local addresses (local runs and tests only). */
    @WithDefault("false")
    boolean allowPrivate();

    /** How long a rotated-out secret keeps signing alongside the new one. */
    @WithDefault("24h")
    Duration secretOverlap();
}
