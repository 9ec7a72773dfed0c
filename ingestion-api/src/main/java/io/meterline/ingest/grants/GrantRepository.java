package io.meterline.ingest.grants;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code credit_grants}. A grant's {@code remaining} is never written here: it moves only through the
 * ledger ({@link io.meterline.common.ledger.Ledger}), with the row that explains it. Here grants are created
 * PENDING (the GRANT row then activates them) and closed (after the VOID row of their remainder), always with
 * the wallet locked first, in the ledger's lock order.
 */
@ApplicationScoped
public class GrantRepository {

    private static final String COLUMNS = """
            customer_id, grant_id, source, priority, amount, remaining, effective_at, expires_at, metadata::text AS metadata,
            state, request, created_at, closed_at""";

    private static final String FIND = "SELECT " + COLUMNS + """
             FROM credit_grants WHERE customer_id = $1 AND grant_id = $2
            """;

    private static final String INSERT = """
            INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, effective_at, expires_at,
                                       metadata, state, request)
            VALUES ($1, $2, $3, $4, $5::text::numeric, coalesce($6, now()), $7, $8::text::jsonb, 'PENDING', $9)
            RETURNING effective_at <= now() AS effective
            """;

    /** The same request again: same fingerprint, and metadata equal as JSON (key order does not matter). */
    private static final String SAME_REQUEST = """
            SELECT request = $3 AND metadata IS NOT DISTINCT FROM $4::text::jsonb AS same
            FROM credit_grants WHERE customer_id = $1 AND grant_id = $2
            """;

    private static final String PAGE = "SELECT " + COLUMNS + ", seq FROM credit_grants" + """
             WHERE customer_id = $1 AND ($2::bigint IS NULL OR seq < $2)
            ORDER BY seq DESC LIMIT $3
            """;

    /** ACTIVE grants holding something, in burn order (ledger_allocate's), then the PENDING ones by start. */
    private static final String OPEN = "SELECT " + COLUMNS + """
             FROM credit_grants WHERE customer_id = $1 AND (remaining > 0 OR state = 'PENDING')
            ORDER BY state = 'PENDING', priority, expires_at NULLS LAST, effective_at, seq
            LIMIT $2
            """;

    private static final String CLOSE = """
            UPDATE credit_grants SET state = $3, closed_at = now()
            WHERE customer_id = $1 AND grant_id = $2 AND state IN ('PENDING', 'ACTIVE')
            """;

    /** A grant and its creation order, for paging. */
    public record Paged(GrantRow grant, long seq) {
    }

    public Uni<GrantRow> find(SqlClient sql, String customerId, String grantId) {
        return sql.preparedQuery(FIND).execute(Tuple.of(customerId, grantId)).map(GrantRepository::first);
    }

    /** Inserts the grant PENDING; true when it is already effective (effective_at not after now). */
    public Uni<Boolean> insert(SqlClient tx, String customerId, GrantRequest r, int priority, String fingerprint) {
        Tuple params = Tuple.from(Arrays.<Object>asList(customerId, r.grantId(), r.source(), priority,
                r.amount().toPlainString(), utc(r.effectiveAt()), utc(r.expiresAt()),
                r.metadata() == null || r.metadata().isNull() ? null : r.metadata().toString(), fingerprint));
        return tx.preparedQuery(INSERT).execute(params).map(rows -> rows.iterator().next().getBoolean("effective"));
    }

    public Uni<Boolean> sameRequest(SqlClient sql, String customerId, String grantId, String fingerprint,
            String metadata) {
        return sql.preparedQuery(SAME_REQUEST).execute(Tuple.of(customerId, grantId, fingerprint, metadata))
                .map(rows -> rows.rowCount() == 1 && Boolean.TRUE.equals(rows.iterator().next().getBoolean("same")));
    }

    /** A customer's grants, newest first, before creation order {@code beforeSeq} when given. */
    public Uni<List<Paged>> page(SqlClient sql, String customerId, Long beforeSeq, int limit) {
        return sql.preparedQuery(PAGE).execute(Tuple.of(customerId, beforeSeq, limit)).map(rows -> {
            List<Paged> list = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> list.add(new Paged(GrantRow.from(row), row.getLong("seq"))));
            return list;
        });
    }

    /** What the customer can spend now (in burn order) and what is still to come; at most {@code limit}. */
    public Uni<List<GrantRow>> open(SqlClient sql, String customerId, int limit) {
        return sql.preparedQuery(OPEN).execute(Tuple.of(customerId, limit)).map(rows -> {
            List<GrantRow> list = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> list.add(GrantRow.from(row)));
            return list;
        });
    }

    /** Closes an open grant as {@code state} (VOIDED); false when it was already closed. */
    public Uni<Boolean> close(SqlClient tx, String customerId, String grantId, String state) {
        return tx.preparedQuery(CLOSE).execute(Tuple.of(customerId, grantId, state)).map(rows -> rows.rowCount() == 1);
    }

    private static GrantRow first(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : GrantRow.from(rows.iterator().next());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
