package io.meterline.ingest.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Settings of the admin API. A mapping of its own (not part of {@link IngestConfig}) because the token's key,
 * {@code meterline.admin.token}, is shared with scripts/run.sh as {@code METERLINE_ADMIN_TOKEN}.
 */
@ConfigMapping(prefix = "meterline.admin")
public interface AdminConfig {

    /** Bearer token for every /v1/admin/** call (env METERLINE_ADMIN_TOKEN); required in the prod profile. */
    Optional<String> token();
}
