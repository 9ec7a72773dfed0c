package io.meterline.ingest.dedup;

import java.util.List;
import java.util.UUID;

import io.meterline.common.event.UsageEventV1;
import io.smallrye.mutiny.Uni;

/**
 * Remembers which dedup keys of a customer were already accepted, and counts requests per API key.
 * Redis in production ({@code RedisDeduplicator}); an accelerator only, Postgres uniqueness in the cost worker
 * is the final guard. Every method is one round trip for the whole batch.
 *
 * <p>A key is in one of three states: absent, <em>pending</em> (held by the token of a batch that is being
 * published; only for a short while) or <em>confirmed</em> (held by a batch that was published and acknowledged,
 * kept for the dedup window). A key whose batch was released, or stayed pending too long, counts as absent.
 */
public interface Deduplicator {

    enum Verdict {
        /** The key was absent and is now pending for the caller's token: publish the event. */
        NEW,
        /** The key is confirmed (or already held by this same token): do not publish again. */
        DUPLICATE,
        /** Another request holds the key pending: reject the event as retryable. */
        IN_FLIGHT
    }

    /** Either the request is over its rate limit (verdicts null), or one verdict per key, in order. */
    record Marks(List<Verdict> verdicts, long retryAfterSeconds) {

        public static Marks rateLimited(long retryAfterSeconds) {
            return new Marks(null, retryAfterSeconds);
        }

        public boolean isRateLimited() {
            return verdicts == null;
        }
    }

    /**
     * Counts one request for {@code apiKeyId}; unless that exceeds the limit, marks the dedup key of every event
     * whose key is absent pending for {@code token}, and answers one verdict per event. When the limit is exceeded
     * nothing is marked. The events' dedup keys must be distinct. (The Redis layout files a key under its event's
     * day: a re-send of a key with a timestamp on another day is new to it, and Postgres stops it.)
     */
    Uni<Marks> mark(String apiKeyId, String customerId, List<UsageEventV1> events, String token);

    /**
     * Confirms every key that {@code token} marked, for the full window, and remembers the event ids of
     * {@code published} (the events of those keys) as accepted.
     */
    Uni<Void> confirm(String customerId, String token, List<UsageEventV1> published);

    /** Frees the keys still pending for {@code token}, so that a retry of a failed batch is not a duplicate. */
    Uni<Void> release(String token);

    /** Whether an event with this id was accepted (published) within the dedup window. */
    Uni<Boolean> isAccepted(String customerId, UUID eventId);
}
