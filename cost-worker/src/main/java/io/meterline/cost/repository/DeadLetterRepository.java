package io.meterline.cost.repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes dead letters, and the REJECTED usage rows of the identified ones, in ONE transaction; the caller
 * acknowledges the batch's offsets only after it committed. Both inserts are idempotent: a redelivered record
 * conflicts on its source (topic, partition, offset) and adds no second dead letter, and an event that already has a
 * usage row for its (customer_id, dedup_key) keeps it (a PRICED or UNPRICED row wins; a REJECTED one keeps its
 * first reason).
 */
@ApplicationScoped
public class DeadLetterRepository {

    private static final String INSERT_DEAD_LETTER = """
            INSERT INTO dead_letters (source_topic, source_partition, source_offset, record_key, customer_id, event_id,
                                      dedup_key, reason, payload, record_timestamp)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING
            """;

    private static final String INSERT_REJECTED = """
            INSERT INTO usage_events (customer_id, dedup_key, event_id, received_at, status, reject_reason)
            VALUES ($1, $2, $3, coalesce($4, now()), 'REJECTED', $5)
            ON CONFLICT (customer_id, dedup_key) DO NOTHING
            """;

    private final Pool pool;

    public DeadLetterRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the dead letters (rare: one pipelined batch per statement) and commits. */
    public Uni<Void> record(List<DeadLetterRow> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> deadLetters = new ArrayList<>(letters.size());
        List<Tuple> rejected = new ArrayList<>(letters.size());
        for (DeadLetterRow letter : letters) {
            deadLetters.add(Tuple.from(Arrays.asList(letter.topic(), letter.partition(), letter.offset(),
                    letter.key(), letter.customerId(), letter.eventId(), letter.dedupKey(), letter.reason(),
                    letter.payload() == null ? null : Buffer.buffer(letter.payload()),
                    utc(letter.recordTimestamp()))));
            if (letter.identified()) {
                rejected.add(Tuple.from(Arrays.asList(letter.customerId(), letter.dedupKey(), letter.eventId(),
                        utc(letter.recordTimestamp()), letter.reason())));
            }
        }
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT_DEAD_LETTER).executeBatch(deadLetters)
                .chain(() -> insertRejected(conn, rejected)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : UsageRepository.utc(instant);
    }

    private static Uni<Void> insertRejected(SqlConnection conn, List<Tuple> rejected) {
        return rejected.isEmpty() ? Uni.createFrom().voidItem()
                : conn.preparedQuery(INSERT_REJECTED).executeBatch(rejected).replaceWithVoid();
    }
}
