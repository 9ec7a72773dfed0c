package io.meterline.ingest.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A publish timeout much shorter than the producer's own waits, so a batch whose topic is missing times out in the
 * API (the outcome-unknown case: the producer keeps the records and may still write them).
 */
public class PublishTimeoutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "meterline.ingest.publish-timeout", "2s",
                "meterline.ingest.retry-after-seconds", "1",
                "mp.messaging.outgoing.usage-events-out.max.block.ms", "20000",
                "mp.messaging.outgoing.usage-events-out.request.timeout.ms", "5000",
                "mp.messaging.outgoing.usage-events-out.delivery.timeout.ms", "30000");
    }
}
