package io.meterline.ingest.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.UsageEventV1;
import io.meterline.ingest.auth.ApiPrincipal;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.dedup.Deduplicator;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Accepts a batch of usage events: validate, de-duplicate, publish durably.
 *
 * <h2>Delivery order (keep this true)</h2>
 * <ol>
 * <li>Validate every event and drop repeats within the batch (pure, {@link BatchPlan}).</li>
 * <li><b>Mark</b>: one Redis round trip counts the request against the key's rate limit, marks this batch's
 *     token <em>pending</em> (short TTL) and gives each new dedup key to that token. Keys of confirmed batches
 *     are duplicates; keys of another batch still pending are {@code IN_FLIGHT}.</li>
 * <li><b>Publish</b> the new events to Kafka (key = customer_id) and <b>await every ack</b> (acks=all).</li>
 * <li><b>Confirm</b> the batch's token (full dedup TTL), and with it all its keys, in one round trip.</li>
 * <li>Answer 202. Only now does the client know the batch is durable.</li>
 * </ol>
 * If publishing fails or times out (publish-timeout), this batch's pending keys are released (its token is dropped,
 * which frees every key it holds) before the client gets 503 PUBLISH_FAILED + Retry-After. The outcome is unknown
 * then: some records may have been written, or still be written after the timeout. The client retries the same
 * batch unchanged; its keys are free, so the retry is new, not a duplicate, and publishes every event again. A
 * copy that did reach Kafka the first time is dropped by the cost worker's primary key: each event is billed once.
 * (If the release itself fails, the keys expire as pending after the pending TTL; a retry meanwhile gets 409
 * IN_FLIGHT, never a duplicate.)
 *
 * <p>If the process dies: after mark, before publish - keys stay pending until the pending TTL expires; a retry
 * meanwhile gets IN_FLIGHT, afterwards it is accepted. Nothing was published, nothing is lost. After publish,
 * before confirm or before the answer - the events are in Kafka but the client saw no 202 and retries; once the
 * pending TTL has passed the retry publishes them again. The cost worker's primary key (customer_id, dedup_key)
 * in Postgres drops the second copy, so nothing is billed twice. Redis only saves that work in the normal case.
 *
 * <p>If Redis is unreachable, events are accepted without dedup or rate limiting (same Postgres guard).
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final EventValidator validator;
    private final Deduplicator dedup;
    private final UsageEventPublisher publisher;
    private final IngestMetrics metrics;
    private final int retryAfterSeconds;

    public IngestService(IngestConfig config, Deduplicator dedup, UsageEventPublisher publisher, IngestMetrics metrics) {
        this.validator = new EventValidator(config.timestampMaxAge(), config.timestampMaxAhead(), config.maxMetadataBytes());
        this.dedup = dedup;
        this.publisher = publisher;
        this.metrics = metrics;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    public Uni<IngestOutcome> ingest(ApiPrincipal principal, JsonNode events) {
        UUID batchId = UUID.randomUUID();
        String customerId = principal.customerId();
        BatchPlan plan = BatchPlan.of(events, validator, customerId, batchId, Instant.now());
        if (!plan.foreignCustomer().isEmpty()) {
            throw new ApiException(403, "CUSTOMER_MISMATCH",
                    "Every event must carry the customer_id of the API key; nothing was accepted",
                    plan.foreignCustomer(), java.util.Map.of());
        }
        if (plan.candidates().isEmpty()) {
            return Uni.createFrom().item(outcome(batchId, 0, plan.duplicates(), plan.errors()));
        }
        String token = batchId.toString();
        return dedup.mark(principal.keyId().toString(), customerId, plan.candidates(), token)
                .onFailure().recoverWithItem(failure -> {
                    metrics.dedupUnavailable();
                    LOG.debugf("dedup unavailable, accepting batch %s unchecked: %s", batchId, failure.getMessage());
                    return null;
                })
                .flatMap(marks -> {
                    if (marks != null && marks.isRateLimited()) {
                        throw ApiException.tooManyRequests("This API key sent too many requests this minute",
                                marks.retryAfterSeconds());
                    }
                    return publishNew(plan, marks, customerId, batchId, token);
                });
    }

    private Uni<IngestOutcome> publishNew(BatchPlan plan, Deduplicator.Marks marks, String customerId, UUID batchId,
                                          String token) {
        List<UsageEventV1> fresh = new ArrayList<>(plan.candidates().size());
        List<IngestError> errors = new ArrayList<>(plan.errors());
        int duplicates = plan.duplicates();
        for (int i = 0; i < plan.candidates().size(); i++) {
            Deduplicator.Verdict verdict = marks == null ? Deduplicator.Verdict.NEW : marks.verdicts().get(i);
            UsageEventV1 event = plan.candidates().get(i);
            switch (verdict) {
                case NEW -> fresh.add(event);
                case DUPLICATE -> duplicates++;
                case IN_FLIGHT -> errors.add(new IngestError(plan.indexes().get(i), event.eventId().toString(),
                        RejectCode.IN_FLIGHT, event.idempotencyKey() != null ? "idempotency_key" : "event_id",
                        "another request is publishing this event right now; retry it"));
            }
        }
        errors.sort(Comparator.comparingInt(IngestError::index));
        int dups = duplicates;
        if (fresh.isEmpty()) {
            return Uni.createFrom().item(outcome(batchId, 0, dups, errors));
        }
        return publisher.publish(customerId, fresh)
                .onFailure().call(failure -> marks == null ? Uni.createFrom().voidItem()
                        : dedup.release(token).onFailure().recoverWithNull())
                .onFailure().transform(failure -> {
                    LOG.warnf("could not publish batch %s (%d events): %s", batchId, fresh.size(), failure.toString());
                    return ApiException.unavailable("PUBLISH_FAILED", "The event log did not acknowledge every event "
                            + "of this batch, so the outcome is unknown; retry the same batch unchanged (same event_id "
                            + "and idempotency_key values): each event is billed once", retryAfterSeconds);
                })
                .call(() -> marks == null ? Uni.createFrom().voidItem()
                        : dedup.confirm(customerId, token, fresh).onFailure().invoke(failure -> LOG.debugf(
                                "could not confirm batch %s; its keys expire as pending: %s", batchId, failure.getMessage()))
                                .onFailure().recoverWithNull())
                .map(ignored -> outcome(batchId, fresh.size(), dups, errors));
    }

    private IngestOutcome outcome(UUID batchId, int accepted, int duplicates, List<IngestError> errors) {
        IngestOutcome outcome = new IngestOutcome(batchId, accepted, duplicates, errors);
        metrics.outcome(outcome);
        return outcome;
    }
}
