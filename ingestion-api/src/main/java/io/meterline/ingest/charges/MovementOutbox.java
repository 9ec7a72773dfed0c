package io.meterline.ingest.charges;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * wallet_movement_outbox (V20): the wallet-movements records committed but not yet acknowledged by Kafka. A charge
 * or refund writes its record here in its own transaction; {@link MovementDrain} publishes and deletes them.
 */
@ApplicationScoped
public class MovementOutbox {

    /** One record to publish: key = customer_id, value = the WalletMovementV1 JSON. */
    public record Entry(long id, String customerId, String payload) {
    }

    private static final String INSERT = "INSERT INTO wallet_movement_outbox (customer_id, payload) VALUES ($1, $2)";

    /** Oldest first; rows another drain holds are skipped, so two instances never publish the same page at once. */
    private static final String LOCK_PAGE = """
            SELECT id, customer_id, payload FROM wallet_movement_outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED""";

    private static final String DELETE = "DELETE FROM wallet_movement_outbox WHERE id = ANY ($1::int8[])";

    public Uni<Void> insert(SqlClient tx, String customerId, String payload) {
        return tx.preparedQuery(INSERT).execute(Tuple.of(customerId, payload)).replaceWithVoid();
    }

    /** Locks up to {@code limit} rows in the caller's transaction. */
    public Uni<List<Entry>> lockPage(SqlClient tx, int limit) {
        return tx.preparedQuery(LOCK_PAGE).execute(Tuple.of(limit)).map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> entries.add(new Entry(row.getLong("id"), row.getString("customer_id"),
                    row.getString("payload"))));
            return entries;
        });
    }

    public Uni<Void> delete(SqlClient tx, List<Entry> entries) {
        Long[] ids = entries.stream().map(Entry::id).toArray(Long[]::new);
        return tx.preparedQuery(DELETE).execute(Tuple.of(ids)).replaceWithVoid();
    }
}
