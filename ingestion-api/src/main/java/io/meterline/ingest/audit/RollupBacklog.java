package io.meterline.ingest.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.audit.AuditCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Dirty rollup marks no aggregation run consumed for too long: each run takes every mark (rollup_dirty, V27) in
 * its transaction, so a mark older than the limit means the job is not running or keeps failing, and the rollups
 * (and aggregation.* webhooks) of the marked hours are stale. Cheap: the table holds only what the next run will
 * take, normally a minute's worth (marked_at, V29).
 */
@ApplicationScoped
public class RollupBacklog {

    private static final String OLD = """
            WITH v AS (
                SELECT customer_id || ' ' || hour || ' marked ' || marked_at AS example FROM rollup_dirty
                WHERE marked_at < now() - $2 * interval '1 millisecond' AND ($1::text IS NULL OR customer_id = $1))
            SELECT (SELECT count(*) FROM v) AS n,
                   (SELECT array_agg(example) FROM (SELECT example FROM v ORDER BY example LIMIT $3) e) AS examples""";

    /** Marks of {@code customerId} (null: all) older than {@code maxAge}. */
    public Uni<AuditCheck> stale(SqlClient sql, String customerId, Duration maxAge, int examples) {
        String invariant = "no dirty rollup mark waits unconsumed by the aggregation job for longer than " + maxAge;
        return sql.preparedQuery(OLD).execute(Tuple.of(customerId, maxAge.toMillis(), examples)).map(rows -> {
            Row row = rows.iterator().next();
            String[] found = row.getArrayOfStrings("examples");
            return new AuditCheck("rollup_dirty_too_old", invariant, row.getLong("n"),
                    found == null ? List.of() : new ArrayList<>(List.of(found)));
        });
    }
}
