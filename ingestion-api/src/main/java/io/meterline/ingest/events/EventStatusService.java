package io.meterline.ingest.events;

import java.util.UUID;

import io.meterline.ingest.auth.ApiPrincipal;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.dedup.Deduplicator;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Status of one event of the caller's customer. Postgres first (PRICED / UNPRICED / REJECTED with its reason,
 * written by the cost worker; then usage_duplicates: an event not stored because its idempotency key belongs to
 * another event is REJECTED with {@code duplicate_of}), then Redis: an event confirmed by ingest but not yet
 * stored is PENDING. Unknown, or another customer's, is 404.
 * Edge cases: an event accepted while Redis was down, or longer ago than the dedup window, is 404 until the cost
 * worker stores it; if Redis cannot be asked, the answer is 503 rather than a possibly wrong 404.
 */
@ApplicationScoped
public class EventStatusService {

    private final UsageEventRepository events;
    private final Deduplicator dedup;
    private final int retryAfterSeconds;

    public EventStatusService(UsageEventRepository events, Deduplicator dedup, IngestConfig config) {
        this.events = events;
        this.dedup = dedup;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    public Uni<EventStatusResponse> status(ApiPrincipal principal, UUID eventId) {
        return events.find(principal.customerId(), eventId).flatMap(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(EventStatusResponse.stored(stored));
            }
            return events.findDuplicate(principal.customerId(), eventId).flatMap(duplicate -> duplicate != null
                    ? Uni.createFrom().item(EventStatusResponse.duplicate(duplicate))
                    : pending(principal, eventId));
        });
    }

    private Uni<EventStatusResponse> pending(ApiPrincipal principal, UUID eventId) {
        return dedup.isAccepted(principal.customerId(), eventId)
                .onFailure().transform(failure -> ApiException.unavailable("STATUS_UNAVAILABLE",
                        "The event is not stored yet and pending events cannot be looked up right now", retryAfterSeconds))
                .map(accepted -> {
                    if (!accepted) {
                        throw ApiException.notFound("No event " + eventId + " for this customer");
                    }
                    return EventStatusResponse.pending(eventId);
                });
    }
}
