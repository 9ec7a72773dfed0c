package io.meterline.ingest.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Tiny limits and short producer timeouts, so limits and outages can be tested quickly. */
public class ConstrainedProfile implements QuarkusTestProfile {

    public static final int RATE_LIMIT = 3;
    public static final int MAX_BODY = 4096;
    public static final int HTTP_MAX_BODY = 8192;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("meterline.ingest.max-body-bytes", Integer.toString(MAX_BODY)),
                Map.entry("quarkus.http.limits.max-body-size", Integer.toString(HTTP_MAX_BODY)),
                Map.entry("meterline.ingest.max-inflated-bytes", "16384"),
                Map.entry("meterline.ingest.rate-limit-per-minute", Integer.toString(RATE_LIMIT)),
                Map.entry("meterline.ingest.redis-backoff", "100ms"),
                Map.entry("meterline.ingest.publish-timeout", "4s"),
                Map.entry("meterline.ingest.retry-after-seconds", "1"),
                Map.entry("mp.messaging.outgoing.usage-events-out.request.timeout.ms", "1000"),
                Map.entry("mp.messaging.outgoing.usage-events-out.delivery.timeout.ms", "1500"),
                Map.entry("mp.messaging.outgoing.usage-events-out.max.block.ms", "1000"));
    }
}
