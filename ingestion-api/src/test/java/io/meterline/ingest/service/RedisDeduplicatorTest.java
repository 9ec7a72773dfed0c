package io.meterline.ingest.service;

import io.meterline.ingest.repository.RedisDeduplicator;
import io.meterline.ingest.support.ConstrainedProfile;
import io.meterline.ingest.support.RedisProxyResource;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** The dedup contract against real Redis (the Lua scripts); same profile as the limits test, so one app start. */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
@WithTestResource(MeterlineServices.class)
@WithTestResource(RedisProxyResource.class)
class RedisDeduplicatorTest extends DeduplicatorContract {

    @Inject
    RedisDeduplicator dedup;

    @Override
    protected Deduplicator dedup() {
        return dedup;
    }
}
