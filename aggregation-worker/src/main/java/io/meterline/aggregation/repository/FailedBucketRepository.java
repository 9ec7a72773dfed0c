package io.meterline.aggregation.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * aggregation_failed_buckets: rollup buckets whose recomputation failed with a data error. A row stays until a run
 * recomputes its bucket successfully; while it is listed, the set-based statements leave the bucket out.
 */
@ApplicationScoped
public class FailedBucketRepository {

    /** A bucket as listed: which customer's hour or day, the last error, and how many runs have tried it. */
    public record FailedBucket(String customerId, String period, OffsetDateTime periodStart, String sqlState,
            String error, int attempts, UUID lastJobId, OffsetDateTime firstFailedAt, OffsetDateTime lastFailedAt) {
    }

    /** Every listed bucket, hours before days (a day is rebuilt from its hours), oldest first. */
    public Uni<List<FailedBucket>> all(SqlClient tx) {
        return tx.query("SELECT * FROM aggregation_failed_buckets ORDER BY period DESC, period_start, customer_id")
                .execute().map(FailedBucketRepository::toList);
    }

    /** The buckets a job was the last to try and that still fail, at most {@code limit}. */
    public Uni<List<FailedBucket>> lastTriedBy(SqlClient sql, UUID jobId, int limit) {
        return sql.preparedQuery("""
                SELECT * FROM aggregation_failed_buckets WHERE last_job_id = $1
                ORDER BY period DESC, period_start, customer_id LIMIT $2""")
                .execute(Tuple.of(jobId, limit)).map(FailedBucketRepository::toList);
    }

    /** Lists a failed bucket, or counts one more failed attempt of a listed one; answers its attempts so far. */
    public Uni<Integer> failed(SqlClient tx, UUID jobId, String customerId, String period, OffsetDateTime periodStart,
            String sqlState, String error) {
        return tx.preparedQuery("""
                INSERT INTO aggregation_failed_buckets (customer_id, period, period_start, sql_state, error,
                    first_job_id, last_job_id)
                VALUES ($1, $2, $3, $4, $5, $6, $6)
                ON CONFLICT (customer_id, period, period_start) DO UPDATE SET
                    sql_state = excluded.sql_state, error = excluded.error, last_job_id = excluded.last_job_id,
                    attempts = aggregation_failed_buckets.attempts + 1, last_failed_at = now()
                RETURNING attempts""")
                .execute(Tuple.from(new Object[] { customerId, period, periodStart, sqlState, error, jobId }))
                .map(rows -> rows.iterator().next().getInteger("attempts"));
    }

    /** Takes a bucket off the list (done inside the savepoint of its retry, so a failed retry puts it back). */
    public Uni<Void> remove(SqlClient tx, String customerId, String period, OffsetDateTime periodStart) {
        return tx.preparedQuery("""
                DELETE FROM aggregation_failed_buckets WHERE customer_id = $1 AND period = $2 AND period_start = $3""")
                .execute(Tuple.of(customerId, period, periodStart)).replaceWithVoid();
    }

    private static List<FailedBucket> toList(RowSet<Row> rows) {
        List<FailedBucket> list = new ArrayList<>(rows.rowCount());
        for (Row row : rows) {
            list.add(new FailedBucket(row.getString("customer_id"), row.getString("period"),
                    row.getOffsetDateTime("period_start"), row.getString("sql_state"), row.getString("error"),
                    row.getInteger("attempts"), row.getUUID("last_job_id"), row.getOffsetDateTime("first_failed_at"),
                    row.getOffsetDateTime("last_failed_at")));
        }
        return list;
    }
}
