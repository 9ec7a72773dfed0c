package io.meterline.ingest.auth;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ApiKeyRepository {

    /** A stored key as authentication needs it. */
    public record ApiKeyRow(UUID id, String customerId, byte[] keyHash, OffsetDateTime revokedAt) {
    }

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** The key with this SHA-256, revoked or not; null when there is none. */
    public Uni<ApiKeyRow> findByHash(byte[] hash) {
        return pool.preparedQuery("""
                SELECT id, customer_id, key_hash, revoked_at FROM api_keys WHERE key_hash = $1
                """).execute(Tuple.of(Buffer.buffer(hash)))
                .map(rows -> rows.rowCount() == 0 ? null : toRow(rows.iterator().next()));
    }

    /** Records use without a write per request: at most once a minute per key. */
    public Uni<Void> touch(UUID keyId) {
        return pool.preparedQuery("""
                UPDATE api_keys SET last_used_at = now()
                WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
                """).execute(Tuple.of(keyId)).replaceWithVoid();
    }

    private static ApiKeyRow toRow(Row row) {
        return new ApiKeyRow(row.getUUID("id"), row.getString("customer_id"),
                row.getBuffer("key_hash").getBytes(), row.getOffsetDateTime("revoked_at"));
    }
}
