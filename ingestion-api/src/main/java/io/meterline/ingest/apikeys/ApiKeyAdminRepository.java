package io.meterline.ingest.apikeys;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Admin-side SQL on {@code api_keys}: issue, list, revoke. Only the key's SHA-256 is ever written. */
@ApplicationScoped
public class ApiKeyAdminRepository {

    /** A stored key as admins see it (never the key nor its hash). */
    public record KeyRow(UUID id, String customerId, String prefix, String name, Instant createdAt,
            Instant lastUsedAt, Instant revokedAt) {
    }

    private static final String COLUMNS = "id, customer_id, prefix, name, created_at, last_used_at, revoked_at";

    public Uni<KeyRow> insert(SqlClient sql, UUID id, String customerId, byte[] hash, String prefix, String name) {
        return sql.preparedQuery("INSERT INTO api_keys (id, customer_id, key_hash, prefix, name) VALUES ($1, $2, $3, $4, $5) RETURNING "
                + COLUMNS).execute(Tuple.of(id, customerId, Buffer.buffer(hash).getDelegate(), prefix, name))
                .map(rows -> from(rows.iterator().next()));
    }

    /** A customer's keys, oldest first, after the (created_at, id) cursor when given. */
    public Uni<List<KeyRow>> list(SqlClient sql, String customerId, Instant afterCreated, UUID afterId, int limit) {
        return sql.preparedQuery("SELECT " + COLUMNS + """
                 FROM api_keys
                WHERE customer_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3))
                ORDER BY created_at, id LIMIT $4
                """).execute(Tuple.of(customerId, afterCreated == null ? null : afterCreated.atOffset(ZoneOffset.UTC),
                        afterId, limit))
                .map(rows -> {
                    List<KeyRow> list = new ArrayList<>(rows.rowCount());
                    rows.forEach(row -> list.add(from(row)));
                    return list;
                });
    }

    /** Sets revoked_at once (a second revoke keeps the first time); null when the key does not exist. */
    public Uni<KeyRow> revoke(SqlClient sql, UUID id) {
        return sql.preparedQuery("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING "
                + COLUMNS).execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? null : from(rows.iterator().next()));
    }

    private static KeyRow from(Row row) {
        return new KeyRow(row.getUUID("id"), row.getString("customer_id"), row.getString("prefix"),
                row.getString("name"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("last_used_at")), instant(row.getOffsetDateTime("revoked_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
