package io.meterline.ingest.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.ingest.dedup.Deduplicator.Verdict;

/** What every {@link Deduplicator} must do; run against the in-memory one and against real Redis. */
public abstract class DeduplicatorContract {

    /** The implementation under test; its rate limit must be {@link #RATE_LIMIT} per minute. */
    protected abstract Deduplicator dedup();

    protected static final int RATE_LIMIT = io.meterline.ingest.support.ConstrainedProfile.RATE_LIMIT;

    final String customer = "c-" + UUID.randomUUID();
    /** One timestamp for every event of a test, so that all fall on one day (see Deduplicator#mark). */
    final Instant at = Instant.now();

    @Test
    void newThenPendingForOthersThenConfirmedAsDuplicate() {
        List<String> keys = List.of("a", "b");

        assertEquals(List.of(Verdict.NEW, Verdict.NEW), mark(keys, "t1").verdicts());
        assertEquals(List.of(Verdict.IN_FLIGHT, Verdict.NEW), mark(List.of("a", "c"), "t2").verdicts());
        dedup().confirm(customer, "t1", List.of(event("a"), event("b"))).await().indefinitely();
        assertEquals(List.of(Verdict.DUPLICATE, Verdict.DUPLICATE, Verdict.IN_FLIGHT), mark(List.of("a", "b", "c"), "t3").verdicts());
    }

    @Test
    void confirmingOneBatchLeavesTheOthersPending() {
        mark(List.of("a"), "t1");
        mark(List.of("b"), "t2");

        dedup().confirm(customer, "t2", List.of(event("b"))).await().indefinitely();

        assertEquals(List.of(Verdict.IN_FLIGHT, Verdict.DUPLICATE), mark(List.of("a", "b"), "t3").verdicts());
    }

    @Test
    void releasingAConfirmedBatchChangesNothing() {
        mark(List.of("a"), "t1");
        dedup().confirm(customer, "t1", List.of(event("a"))).await().indefinitely();

        dedup().release("t1").await().indefinitely();

        assertEquals(List.of(Verdict.DUPLICATE), mark(List.of("a"), "t2").verdicts());
    }

    @Test
    void releaseFreesOnlyTheCallersPendingKeys() {
        mark(List.of("a"), "t1");
        mark(List.of("b"), "t2");

        dedup().release("t1").await().indefinitely();

        assertEquals(List.of(Verdict.NEW, Verdict.IN_FLIGHT), mark(List.of("a", "b"), "t3").verdicts());
        dedup().confirm(customer, "t3", List.of(event("a"))).await().indefinitely();
        assertEquals(List.of(Verdict.DUPLICATE), dedup().mark("other-" + customer, customer, events(List.of("a")), "t4")
                .await().indefinitely().verdicts(), "the new holder's confirm counts");
    }

    @Test
    void keysAreSeparatePerCustomer() {
        mark(List.of("a"), "t1");

        assertEquals(List.of(Verdict.NEW), dedup().mark("key-" + customer, customer + "-other", events(List.of("a")), "t2")
                .await().indefinitely().verdicts());
    }

    @Test
    void rateLimitRefusesWithoutMarking() {
        String apiKey = "rl-" + UUID.randomUUID();
        int refusedAt = -1;
        long retryAfter = 0;
        // 2 x limit + 1 requests see at least one refusal even if a clock minute ends in between
        for (int i = 0; i < 2 * RATE_LIMIT + 1 && refusedAt < 0; i++) {
            Deduplicator.Marks marks = dedup().mark(apiKey, customer, events(List.of("r" + i)), "t" + i).await().indefinitely();
            if (marks.isRateLimited()) {
                refusedAt = i;
                retryAfter = marks.retryAfterSeconds();
            }
        }

        assertTrue(refusedAt >= RATE_LIMIT, "a key over its limit is refused, not before");
        assertTrue(retryAfter >= 1 && retryAfter <= 60);
        assertEquals(List.of(Verdict.NEW), mark(List.of("r" + refusedAt), "other").verdicts(), "the refused request marked nothing");
    }

    @Test
    void confirmedEventsAreRememberedByEventId() {
        UsageEventV1 withKey = event("idem-1");
        UsageEventV1 plain = event(UUID.randomUUID().toString());
        dedup().mark("key-" + customer, customer, List.of(withKey, plain), "t1").await().indefinitely();

        dedup().confirm(customer, "t1", List.of(withKey, plain)).await().indefinitely();

        assertTrue(dedup().isAccepted(customer, withKey.eventId()).await().indefinitely());
        assertTrue(dedup().isAccepted(customer, plain.eventId()).await().indefinitely());
        assertFalse(dedup().isAccepted(customer, UUID.randomUUID()).await().indefinitely());
        assertFalse(dedup().isAccepted(customer + "-other", plain.eventId()).await().indefinitely());
    }

    private Deduplicator.Marks mark(List<String> keys, String token) {
        return dedup().mark("key-" + customer, customer, events(keys), token).await().indefinitely();
    }

    /** One event per dedup key: a 36-character key is the event id, anything else an idempotency key. */
    private List<UsageEventV1> events(List<String> keys) {
        return keys.stream().map(this::event).toList();
    }

    private UsageEventV1 event(String eventIdOrKey) {
        UUID id = eventIdOrKey.length() == 36 ? UUID.fromString(eventIdOrKey) : UUID.randomUUID();
        return new UsageEventV1(1, id, customer, EventType.API_CALL, "f", null, null, 0, 0, 0, 0, null, null,
                at, null, null, null, eventIdOrKey.length() == 36 ? null : eventIdOrKey, UUID.randomUUID(), at);
    }
}
