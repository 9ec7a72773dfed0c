package io.meterline.ingest.webhooks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Admin-side SQL on webhook_endpoints. Every write answers the row as stored, or null when there is no such id. */
@ApplicationScoped
public class EndpointRepository {

    private static final String COLUMNS = """
            id, customer_id, url, description, event_types, secret, previous_secret_expires_at, enabled,
            disabled_reason, consecutive_failures, failing_since, created_at, updated_at""";

    public Uni<EndpointRow> insert(SqlClient sql, UUID id, String customerId, String url, String description,
            List<String> eventTypes, String secret) {
        return sql.preparedQuery("""
                INSERT INTO webhook_endpoints (id, customer_id, url, description, event_types, secret)
                VALUES ($1, $2, $3, $4, $5, $6) RETURNING\s""" + COLUMNS)
                .execute(Tuple.from(new Object[] { id, customerId, url, description, eventTypes.toArray(String[]::new),
                        secret }))
                .map(EndpointRepository::one);
    }

    public Uni<EndpointRow> find(SqlClient sql, UUID id) {
        return sql.preparedQuery("SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = $1").execute(Tuple.of(id))
                .map(EndpointRepository::one);
    }

    /** Oldest first after the (created_at, id) cursor, optionally only one customer's. */
    public Uni<List<EndpointRow>> list(SqlClient sql, String customerId, Instant afterCreated, UUID afterId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM webhook_endpoints
                WHERE ($1::text IS NULL OR customer_id = $1)
                  AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3))
                ORDER BY created_at, id LIMIT $4""")
                .execute(Tuple.of(customerId, afterCreated == null ? null : afterCreated.atOffset(ZoneOffset.UTC),
                        afterId, limit))
                .map(rows -> {
                    List<EndpointRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(from(row)));
                    return list;
                });
    }

    /** Changes the fields given (null: unchanged). */
    public Uni<EndpointRow> update(SqlClient sql, UUID id, String url, List<String> eventTypes, String description) {
        return sql.preparedQuery("""
                UPDATE webhook_endpoints SET url = coalesce($2, url), event_types = coalesce($3, event_types),
                    description = coalesce($4, description), updated_at = now()
                WHERE id = $1 RETURNING\s""" + COLUMNS)
                .execute(Tuple.of(id, url, eventTypes == null ? null : eventTypes.toArray(String[]::new), description))
                .map(EndpointRepository::one);
    }

    /** Disables (reason ADMIN) or enables; enabling also clears the failure count and the failing mark. */
    public Uni<EndpointRow> setEnabled(SqlClient sql, UUID id, boolean enabled) {
        return sql.preparedQuery("""
                UPDATE webhook_endpoints SET enabled = $2,
                    disabled_reason = CASE WHEN $2 THEN NULL ELSE 'ADMIN' END,
                    consecutive_failures = CASE WHEN $2 THEN 0 ELSE consecutive_failures END,
                    failing_since = CASE WHEN $2 THEN NULL ELSE failing_since END,
                    updated_at = now()
                WHERE id = $1 RETURNING\s""" + COLUMNS).execute(Tuple.of(id, enabled)).map(EndpointRepository::one);
    }

    /** The current secret becomes the previous one, signing alongside the new one for {@code overlapMillis}. */
    public Uni<EndpointRow> rotate(SqlClient sql, UUID id, String secret, long overlapMillis) {
        return sql.preparedQuery("""
                UPDATE webhook_endpoints SET previous_secret = secret,
                    previous_secret_expires_at = now() + $3 * interval '1 millisecond', secret = $2, updated_at = now()
                WHERE id = $1 RETURNING\s""" + COLUMNS).execute(Tuple.of(id, secret, overlapMillis))
                .map(EndpointRepository::one);
    }

    private static EndpointRow one(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : from(rows.iterator().next());
    }

    private static EndpointRow from(Row row) {
        return new EndpointRow(row.getUUID("id"), row.getString("customer_id"), row.getString("url"),
                row.getString("description"), Arrays.asList(row.getArrayOfStrings("event_types")),
                row.getString("secret"), instant(row.getOffsetDateTime("previous_secret_expires_at")),
                row.getBoolean("enabled"), row.getString("disabled_reason"), row.getInteger("consecutive_failures"),
                instant(row.getOffsetDateTime("failing_since")), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("updated_at")));
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
