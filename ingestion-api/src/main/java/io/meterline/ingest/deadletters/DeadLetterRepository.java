package io.meterline.ingest.deadletters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on dead_letters (written by the cost worker; here only listed, locked for a replay and marked REPLAYED).
 * The state RESOLVED is derived, never stored: it comes from the event's usage row, which is the truth about
 * billing.
 */
@ApplicationScoped
public class DeadLetterRepository {

    private static final String SELECT = """
            SELECT d.id, d.reason, d.customer_id, d.event_id, d.dedup_key, d.source_topic, d.source_partition,
                   d.source_offset, d.record_key, d.payload, d.record_timestamp, d.created_at, d.replayed_at,
                   u.status AS event_status,
                   CASE WHEN u.status IN ('PRICED', 'UNPRICED') THEN 'RESOLVED' ELSE d.status END AS state
            FROM dead_letters d
            LEFT JOIN usage_events u ON u.customer_id = d.customer_id AND u.dedup_key = d.dedup_key
            """;

    private static final String STATE = "CASE WHEN u.status IN ('PRICED', 'UNPRICED') THEN 'RESOLVED' ELSE d.status END";

    /** Newest first; each filter applies when not null; {@code beforeId} is the keyset position. */
    Uni<List<DeadLetterRow>> page(SqlClient sql, String customerId, String state, Long beforeId, int limit) {
        return sql.preparedQuery(SELECT + """
                WHERE ($1::text IS NULL OR d.customer_id = $1) AND ($2::text IS NULL OR\s""" + STATE + """
                 = $2)
                  AND ($3::bigint IS NULL OR d.id < $3)
                ORDER BY d.id DESC LIMIT $4
                """).execute(Tuple.from(Arrays.asList(customerId, state, beforeId, limit))).map(DeadLetterRepository::rows);
    }

    /**
     * Locks the dead letters with these ids (waiting for a concurrent replay of them to commit, after which they
     * read REPLAYED); in the caller's transaction.
     */
    Uni<List<DeadLetterRow>> lockIds(SqlClient tx, Long[] ids) {
        return tx.preparedQuery(SELECT + "WHERE d.id = ANY($1) ORDER BY d.id FOR UPDATE OF d")
                .execute(Tuple.of(ids)).map(DeadLetterRepository::rows);
    }

    /**
     * Locks up to {@code limit} of the customer's OPEN, unresolved dead letters, oldest first; rows another replay
     * holds are skipped, so two concurrent replays of one customer take disjoint letters.
     */
    Uni<List<DeadLetterRow>> lockOpen(SqlClient tx, String customerId, int limit) {
        return tx.preparedQuery(SELECT + """
                WHERE d.customer_id = $1 AND d.status = 'OPEN'
                  AND (u.status IS NULL OR u.status NOT IN ('PRICED', 'UNPRICED'))
                ORDER BY d.id LIMIT $2 FOR UPDATE OF d SKIP LOCKED
                """).execute(Tuple.of(customerId, limit)).map(DeadLetterRepository::rows);
    }

    Uni<Void> markReplayed(SqlClient tx, Long[] ids) {
        return tx.preparedQuery("UPDATE dead_letters SET status = 'REPLAYED', replayed_at = now() WHERE id = ANY($1)")
                .execute(Tuple.of(ids)).replaceWithVoid();
    }

    private static List<DeadLetterRow> rows(RowSet<Row> rows) {
        List<DeadLetterRow> list = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> list.add(DeadLetterRow.from(row)));
        return list;
    }
}
