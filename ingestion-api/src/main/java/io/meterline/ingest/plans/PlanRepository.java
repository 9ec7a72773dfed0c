package io.meterline.ingest.plans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** SQL on {@code plans}. Versions are only ever added, never changed: a period keeps the version it was issued by. */
@ApplicationScoped
public class PlanRepository {

    private static final String COLUMNS = """
            plan_id, version, name, monthly_credits, rollover, rollover_max, grant_priority, created_at""";

    /** Serialises the versioning of one plan id (two posts never both take version n + 1). */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('plans:' || $1, 0))";

    private static final String LATEST = "SELECT " + COLUMNS + """
             FROM plans WHERE plan_id = $1 ORDER BY version DESC LIMIT 1
            """;

    private static final String VERSIONS = "SELECT " + COLUMNS + " FROM plans WHERE plan_id = $1 ORDER BY version";

    private static final String PAGE = "SELECT DISTINCT ON (plan_id) " + COLUMNS + """
             FROM plans WHERE $1::text IS NULL OR plan_id > $1 ORDER BY plan_id, version DESC LIMIT $2
            """;

    private static final String INSERT = "INSERT INTO plans (" + COLUMNS.replace(", created_at", "") + """
            ) VALUES ($1, $2, $3, $4::text::numeric, $5, $6::text::numeric, $7) RETURNING\s""" + COLUMNS;

    public Uni<Void> lock(SqlClient tx, String planId) {
        return tx.preparedQuery(LOCK).execute(Tuple.of(planId)).replaceWithVoid();
    }

    public Uni<PlanRow> latest(SqlClient sql, String planId) {
        return sql.preparedQuery(LATEST).execute(Tuple.of(planId)).map(PlanRepository::first);
    }

    public Uni<List<PlanRow>> versions(SqlClient sql, String planId) {
        return sql.preparedQuery(VERSIONS).execute(Tuple.of(planId)).map(PlanRepository::all);
    }

    /** The newest version of each plan, by plan_id after {@code afterId}. */
    public Uni<List<PlanRow>> page(SqlClient sql, String afterId, int limit) {
        return sql.preparedQuery(PAGE).execute(Tuple.of(afterId, limit)).map(PlanRepository::all);
    }

    public Uni<PlanRow> insert(SqlClient tx, int version, PlanRequest r, int priority) {
        return tx.preparedQuery(INSERT).execute(Tuple.from(Arrays.<Object>asList(r.planId(), version, r.name(),
                r.monthlyCredits().toPlainString(), r.rollover(),
                r.rolloverMax() == null ? null : r.rolloverMax().toPlainString(), priority)))
                .map(PlanRepository::first);
    }

    private static PlanRow first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : PlanRow.from(rows.iterator().next());
    }

    private static List<PlanRow> all(RowSet<Row> rows) {
        List<PlanRow> out = new ArrayList<>(rows.rowCount());
        rows.forEach(row -> out.add(PlanRow.from(row)));
        return out;
    }
}
