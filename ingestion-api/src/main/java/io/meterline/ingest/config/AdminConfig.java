package io.meterline.ingest.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the admin API. A mapping of its own (not part of {@link IngestConfig}) because the token's key,
 * {@code meterline.admin.token}, is shared with scripts/run.sh as {@code METERLINE_ADMIN_TOKEN}.
 */
@ConfigMapping(prefix = "meterline.admin")
public interface AdminConfig {

    /** Bearer token for every /v1/admin/** call (env METERLINE_ADMIN_TOKEN); required in the prod profile. */
    Optional<String> token();

    /** How far before now a new rate version may start when it closes an existing one (clock skew allowance). */
    @WithDefault("5m")
    Duration ratePastSkew();
}
