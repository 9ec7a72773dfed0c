package io.meterline.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingestion API; each key can also come from the environment (METERLINE_INGEST_...). */
@ConfigMapping(prefix = "meterline.ingest")
public interface IngestConfig {

    /** How long an API key verdict (valid, unknown, revoked) is cached; keep it under 60 s. */
    @WithDefault("30s")
    Duration apiKeyCacheTtl();
}
