package io.meterline.ingest.deadletters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jboss.logging.Logger;

import io.meterline.common.validation.TextRules;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Lists dead letters and replays them.
 *
 * <p>A replay, in ONE transaction: lock the dead letters (FOR UPDATE), leave out those already REPLAYED or
 * RESOLVED, republish the others' payloads to usage-events and wait for every ack, mark them REPLAYED, commit. So a
 * dead letter is marked only once Kafka holds its record, and two concurrent replays of it serialise on the lock
 * (the second finds it REPLAYED). If the process dies after the acks and before the commit, the dead letter stays
 * OPEN and may be replayed again: the cost worker then finds the event's (customer_id, dedup_key) already billed
 * (or still REJECTED, which a success overwrites once), so a replay never bills twice.
 */
@ApplicationScoped
public class DeadLetterService {

    private static final Logger LOG = Logger.getLogger(DeadLetterService.class);

    static final int MAX_IDS = 500;
    static final int DEFAULT_REPLAY_LIMIT = 100;
    private static final Set<String> STATES = Set.of("OPEN", "REPLAYED", "RESOLVED");

    private final Pool pool;
    private final DeadLetterRepository letters;
    private final DeadLetterPublisher publisher;
    private final int retryAfterSeconds;

    public DeadLetterService(Pool pool, DeadLetterRepository letters, DeadLetterPublisher publisher,
            IngestConfig config) {
        this.pool = pool;
        this.letters = letters;
        this.publisher = publisher;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    public Uni<Page<DeadLetterView>> list(String customerId, String status, String limit, String cursor) {
        int size = Paging.limit(limit);
        String customer = customerId == null || customerId.isBlank() ? null : customerId.trim();
        requireText("customer_id", customer);
        String state = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (state != null && !STATES.contains(state)) {
            throw ApiException.invalid("status", "must be OPEN, REPLAYED or RESOLVED");
        }
        Long beforeId = Paging.decodeLong(cursor);
        return letters.page(pool, customer, state, beforeId, size + 1)
                .map(rows -> Paging.page(rows, size, DeadLetterService::view, row -> Paging.encode(Long.toString(row.id()))));
    }

    public Uni<ReplayView> replay(ReplayRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required: {\"ids\": [...]} or {\"customer_id\": \"...\"}");
        }
        boolean byIds = request.ids() != null;
        if (byIds == (request.customerId() != null)) {
            throw ApiException.invalid("ids", "send either ids or customer_id, not both and not neither");
        }
        if (byIds) {
            Long[] ids = ids(request.ids());
            if (request.limit() != null) {
                throw ApiException.invalid("limit", "applies only with customer_id");
            }
            return pool.withTransaction(tx -> letters.lockIds(tx, ids).chain(locked -> {
                if (locked.size() < ids.length) {
                    Set<Long> missing = new LinkedHashSet<>(List.of(ids));
                    locked.forEach(row -> missing.remove(row.id()));
                    throw ApiException.notFound("No dead letter with id " + missing);
                }
                return replayLocked(tx, locked);
            }));
        }
        String customer = request.customerId().trim();
        if (customer.isEmpty()) {
            throw ApiException.invalid("customer_id", "must not be blank");
        }
        requireText("customer_id", customer);
        int limit = request.limit() == null ? DEFAULT_REPLAY_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_IDS) {
            throw ApiException.invalid("limit", "must be a whole number between 1 and " + MAX_IDS);
        }
        return pool.withTransaction(tx -> letters.lockOpen(tx, customer, limit).chain(locked -> replayLocked(tx, locked)));
    }

    private Uni<ReplayView> replayLocked(SqlConnection tx, List<DeadLetterRow> locked) {
        List<DeadLetterRow> due = new ArrayList<>(locked.size());
        List<ReplayView.Skipped> skipped = new ArrayList<>();
        for (DeadLetterRow row : locked) {
            String skip = switch (row.state()) {
                case "REPLAYED" -> "ALREADY_REPLAYED";
                case "RESOLVED" -> "ALREADY_RESOLVED";
                default -> row.payload() == null ? "NO_PAYLOAD" : null;
            };
            if (skip == null) {
                due.add(row);
            } else {
                skipped.add(new ReplayView.Skipped(row.id(), skip));
            }
        }
        List<ReplayView.Replayed> replayed = due.stream()
                .map(row -> new ReplayView.Replayed(row.id(), row.customerId(), row.eventId())).toList();
        if (due.isEmpty()) {
            return Uni.createFrom().item(new ReplayView(replayed, skipped));
        }
        return publisher.republish(due)
                .onFailure().transform(failure -> {
                    LOG.warnf("replaying %d dead letters failed: %s", due.size(), failure.toString());
                    return ApiException.unavailable("REPLAY_UNAVAILABLE", "Kafka did not acknowledge the replayed "
                            + "records; nothing was marked replayed, retry the same request", retryAfterSeconds);
                })
                .chain(() -> letters.markReplayed(tx, due.stream().map(DeadLetterRow::id).toArray(Long[]::new)))
                .map(ignored -> new ReplayView(replayed, skipped));
    }

    private static Long[] ids(List<Long> requested) {
        if (requested.isEmpty() || requested.size() > MAX_IDS) {
            throw ApiException.invalid("ids", "must hold 1 to " + MAX_IDS + " ids");
        }
        Set<Long> distinct = new LinkedHashSet<>();
        for (Long id : requested) {
            if (id == null || id < 1) {
                throw ApiException.invalid("ids", "must be positive whole numbers");
            }
            distinct.add(id);
        }
        return distinct.toArray(Long[]::new);
    }

    private static void requireText(String field, String text) {
        String problem = text == null ? null : TextRules.problem(text);
        if (problem != null) {
            throw ApiException.invalid(field, problem);
        }
    }

    private static DeadLetterView view(DeadLetterRow r) {
        return new DeadLetterView(r.id(), r.state(), r.eventStatus(), r.reason(), r.customerId(), r.eventId(),
                r.dedupKey(), r.sourceTopic(), r.sourcePartition(), r.sourceOffset(), r.recordKey(),
                r.payload() == null ? null : new String(r.payload(), StandardCharsets.UTF_8), r.recordTimestamp(),
                r.createdAt(), r.replayedAt());
    }
}
