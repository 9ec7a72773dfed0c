package io.meterline.aggregation.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * aggregation_jobs: one row per run, scheduled or manual; the newest committed (SUCCEEDED or PARTIAL) scheduled
 * run is the watermark. PARTIAL may move it: the buckets that failed are listed in aggregation_failed_buckets and
 * retried by every later run, whatever its window.
 */
@ApplicationScoped
public class JobRepository {

    /** A job as stored. from/to are null for an incremental run until it starts. */
    public record JobRow(UUID id, String trigger, String status, OffsetDateTime from, OffsetDateTime to,
            Long rowsWritten, Long hoursRecomputed, Integer failedBuckets, String error, OffsetDateTime requestedAt,
            OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    /** Serialises runs across instances for the length of a transaction (key: "meterline-aggregation"). */
    private static final long LOCK_KEY = 0x6d65746572_6167L;

    private final Pool pool;

    public JobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<JobRow> create(UUID id, String trigger, OffsetDateTime from, OffsetDateTime to) {
        return pool.preparedQuery("""
                INSERT INTO aggregation_jobs (id, trigger, status, from_time, to_time) VALUES ($1, $2, 'QUEUED', $3, $4)
                RETURNING *""").execute(Tuple.of(id, trigger, from, to)).map(rows -> toRow(rows.iterator().next()));
    }

    public Uni<JobRow> find(UUID id) {
        return pool.preparedQuery("SELECT * FROM aggregation_jobs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : toRow(rows.iterator().next()));
    }

    /** Waits for any other run to finish, then holds the lock until tx ends. */
    public Uni<Void> lock(SqlClient tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK_KEY)).replaceWithVoid();
    }

    /** End of the last committed incremental run; null before the first one. */
    public Uni<OffsetDateTime> watermark(SqlClient tx) {
        return tx.query("""
                SELECT max(to_time) AS watermark FROM aggregation_jobs
                WHERE status IN ('SUCCEEDED', 'PARTIAL') AND trigger = 'SCHEDULE'""")
                .execute().map(rows -> rows.iterator().next().getOffsetDateTime("watermark"));
    }

    /** The database clock: every window boundary comes from the clock that stamped processed_at. */
    public Uni<OffsetDateTime> now(SqlClient tx) {
        return tx.query("SELECT clock_timestamp() AS now").execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("now"));
    }

    public Uni<Void> started(SqlClient tx, UUID id, OffsetDateTime from, OffsetDateTime to) {
        return tx.preparedQuery("""
                UPDATE aggregation_jobs SET status = 'RUNNING', started_at = now(), from_time = $2, to_time = $3
                WHERE id = $1""").execute(Tuple.of(id, from, to)).replaceWithVoid();
    }

    /** SUCCEEDED when every bucket was rolled up, else PARTIAL with the number of buckets that failed. */
    public Uni<Void> finished(SqlClient tx, UUID id, long rowsWritten, long hours, int failedBuckets) {
        return tx.preparedQuery("""
                UPDATE aggregation_jobs SET status = CASE WHEN $3::int = 0 THEN 'SUCCEEDED' ELSE 'PARTIAL' END,
                    finished_at = clock_timestamp(), rows_written = $2, failed_buckets = $3, hours_recomputed = $4
                WHERE id = $1""").execute(Tuple.of(id, rowsWritten, failedBuckets, hours)).replaceWithVoid();
    }

    /** Outside the failed transaction, so the failure stays recorded. */
    public Uni<Void> failed(UUID id, String error) {
        return pool.preparedQuery("""
                UPDATE aggregation_jobs SET status = 'FAILED', finished_at = clock_timestamp(), error = $2 WHERE id = $1
                """).execute(Tuple.of(id, error)).replaceWithVoid();
    }

    private static JobRow toRow(Row row) {
        return new JobRow(row.getUUID("id"), row.getString("trigger"), row.getString("status"),
                row.getOffsetDateTime("from_time"), row.getOffsetDateTime("to_time"), row.getLong("rows_written"),
                row.getLong("hours_recomputed"), row.getInteger("failed_buckets"), row.getString("error"),
                row.getOffsetDateTime("requested_at"),
                row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"));
    }
}
