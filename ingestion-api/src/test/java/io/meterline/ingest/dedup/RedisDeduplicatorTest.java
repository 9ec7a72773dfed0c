package io.meterline.ingest.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.ingest.dedup.Deduplicator.Verdict;
import io.meterline.ingest.support.ConstrainedProfile;
import io.meterline.ingest.support.RedisProxyResource;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The dedup contract against real Redis (the Lua scripts), and what its layout adds: keys filed under their
 * event's day. Same profile as the limits test, so one app start.
 */
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

    @Test
    void lateEventsAreDeduplicatedAndFoundUnderTheirOwnDay() {
        UsageEventV1 late = event(UUID.randomUUID(), null, Instant.now().minus(Duration.ofDays(20)));
        UsageEventV1 keyed = event(UUID.randomUUID(), "late-" + UUID.randomUUID(), Instant.now().minus(Duration.ofDays(30)));

        assertEquals(List.of(Verdict.NEW, Verdict.NEW), mark(List.of(late, keyed), "late-1"));
        dedup.confirm(customer, "late-1", List.of(late, keyed)).await().indefinitely();

        assertEquals(List.of(Verdict.DUPLICATE, Verdict.DUPLICATE), mark(List.of(late, keyed), "late-2"));
        assertTrue(dedup.isAccepted(customer, late.eventId()).await().indefinitely());
        assertTrue(dedup.isAccepted(customer, keyed.eventId()).await().indefinitely(), "by event id, 30 days back");
    }

    @Test
    void aKeyResentWithATimestampOnAnotherDayIsLeftToPostgres() {
        String key = "moved-" + UUID.randomUUID();
        Instant today = Instant.now();
        mark(List.of(event(UUID.randomUUID(), key, today)), "moved-1");
        dedup.confirm(customer, "moved-1", List.of()).await().indefinitely();

        assertEquals(List.of(Verdict.DUPLICATE), mark(List.of(event(UUID.randomUUID(), key, today)), "moved-2"));
        assertEquals(List.of(Verdict.NEW), mark(List.of(event(UUID.randomUUID(), key, today.minus(Duration.ofDays(2)))), "moved-3"),
                "another day's hash: the cost worker's primary key (customer, dedup key) stops the second copy");
    }

    private List<Verdict> mark(List<UsageEventV1> events, String token) {
        return dedup.mark("key-" + customer, customer, events, token).await().indefinitely().verdicts();
    }

    private UsageEventV1 event(UUID id, String idempotencyKey, Instant timestamp) {
        return new UsageEventV1(1, id, customer, EventType.API_CALL, "f", null, null, 0, 0, 0, 0, null, null,
                timestamp, null, null, null, idempotencyKey, UUID.randomUUID(), Instant.now());
    }
}
