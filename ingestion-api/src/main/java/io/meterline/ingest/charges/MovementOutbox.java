package io.meterline.ingest.charges;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * wallet_movement_outbox (V20, V25, V34): the wallet records committed but not yet acknowledged by Kafka, each naming
 * its stream: wallet-movements (a charge or refund writes its record here in its own transaction) or wallet-alerts
 * (the ledger's auto top-up trigger writes its requests, in whatever transaction crossed). {@link MovementDrain}
 * publishes and deletes them.
 */
@ApplicationScoped
public class MovementOutbox {

    /** The stream of charges and refunds (WalletMovementV1). */
    public static final String MOVEMENTS = "wallet-movements";
    /** The stream of auto top-up requests (TopUpRequestedV1), written by the ledger's trigger only. */
    public static final String ALERTS = "wallet-alerts";

    /**
     * One record to publish: key = customer_id, value = the JSON of its stream's record; {@code ledger} is the
     * figures of the ledger row the record names (a charge's, V34) which complete it, else null.
     */
    public record Entry(long id, String customerId, String stream, String payload,
            MovementRecords.LedgerFigures ledger) {
    }

    private static final String INSERT = "INSERT INTO wallet_movement_outbox (customer_id, payload) VALUES ($1, $2)";

    /**
     * Oldest first; rows another drain holds are skipped, so two instances never publish the same page at once.
     * Only the outbox rows are locked, not the ledger rows they name.
     */
    private static final String LOCK_PAGE = """
            SELECT o.id, o.customer_id, o.stream, o.payload, o.ledger_tx_id, t.seq, t.amount, t.balance_before,
                   t.balance_after, t.created_at
            FROM wallet_movement_outbox o LEFT JOIN wallet_transactions t ON t.id = o.ledger_tx_id
            ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED""";

    private static final String DELETE = "DELETE FROM wallet_movement_outbox WHERE id = ANY ($1::int8[])";

    /** A wallet-movements record. */
    public Uni<Void> insert(SqlClient tx, String customerId, String payload) {
        return tx.preparedQuery(INSERT).execute(Tuple.of(customerId, payload)).replaceWithVoid();
    }

    /** Locks up to {@code limit} rows in the caller's transaction. */
    public Uni<List<Entry>> lockPage(SqlClient tx, int limit) {
        return tx.preparedQuery(LOCK_PAGE).execute(Tuple.of(limit)).map(rows -> {
            List<Entry> entries = new ArrayList<>(rows.rowCount());
            rows.forEach(row -> entries.add(new Entry(row.getLong("id"), row.getString("customer_id"),
                    row.getString("stream"), row.getString("payload"), ledger(row))));
            return entries;
        });
    }

    private static MovementRecords.LedgerFigures ledger(Row row) {
        Long id = row.getLong("ledger_tx_id");
        return id == null ? null : new MovementRecords.LedgerFigures(id, row.getLong("seq"),
                row.getBigDecimal("amount"), row.getBigDecimal("balance_before"), row.getBigDecimal("balance_after"),
                row.getOffsetDateTime("created_at").toInstant());
    }

    public Uni<Void> delete(SqlClient tx, List<Entry> entries) {
        Long[] ids = entries.stream().map(Entry::id).toArray(Long[]::new);
        return tx.preparedQuery(DELETE).execute(Tuple.of(ids)).replaceWithVoid();
    }
}
