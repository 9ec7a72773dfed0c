package io.meterline.ingest.rerates;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code rerate_jobs}. The admin API creates a job in the transaction that stores its corrected rates and
 * reads its progress; the cost worker alone runs it (cost-worker RerateRunner).
 */
@ApplicationScoped
public class RerateJobRepository {

    private static final String COLUMNS = """
            id, status, scope_provider, scope_model, scope_from, scope_until, rate_ids, superseded_rate_ids,
            rows_examined, rows_changed, rows_unpriceable, wallets_settled, old_credits, new_credits, created_at,
            started_at, scanned_at, finished_at""";

    /** Creates a QUEUED job over the scopes, in the caller's transaction. */
    public Uni<Void> insert(SqlClient tx, UUID id, List<RerateJobRow.Scope> scopes, List<Long> rateIds,
            List<Long> supersededRateIds) {
        int n = scopes.size();
        String[] providers = new String[n], models = new String[n];
        OffsetDateTime[] from = new OffsetDateTime[n], until = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            RerateJobRow.Scope s = scopes.get(i);
            providers[i] = s.provider();
            models[i] = s.model();
            from[i] = s.validFrom().atOffset(ZoneOffset.UTC);
            until[i] = s.validUntil() == null ? null : s.validUntil().atOffset(ZoneOffset.UTC);
        }
        return tx.preparedQuery("""
                INSERT INTO rerate_jobs (id, scope_provider, scope_model, scope_from, scope_until, rate_ids,
                                         superseded_rate_ids)
                VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.from(List.<Object>of(id, providers, models, from, until, rateIds.toArray(Long[]::new),
                        supersededRateIds.toArray(Long[]::new))))
                .replaceWithVoid();
    }

    public Uni<RerateJobRow> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM rerate_jobs WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : RerateJobRow.from(rows.iterator().next()));
    }

    /** Newest first: by (created_at, id) descending, after the cursor's position when given. */
    public Uni<List<RerateJobRow>> list(SqlClient sql, OffsetDateTime beforeCreated, UUID beforeId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM rerate_jobs
                WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2))
                ORDER BY created_at DESC, id DESC LIMIT $3""").execute(Tuple.of(beforeCreated, beforeId, limit))
                .map(rows -> {
                    List<RerateJobRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(RerateJobRow.from(row)));
                    return list;
                });
    }
}
