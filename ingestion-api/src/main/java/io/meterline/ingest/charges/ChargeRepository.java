package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;

import io.meterline.common.ledger.LedgerEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** SQL on {@code charges}. The balance moves only through {@link ChargeLedger}, in the caller's transaction. */
@ApplicationScoped
public class ChargeRepository {

    /** The CHARGE row's id is taken from the ledger's identity sequence here (see {@link ChargeLedger}). */
    private static final String INSERT = """
            INSERT INTO charges (customer_id, request_id, amount, feature_id, description, metadata, ledger_tx_id)
            VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, nextval(pg_get_serial_sequence('wallet_transactions', 'id')))
            ON CONFLICT (customer_id, request_id) DO NOTHING
            RETURNING ledger_tx_id, created_at, metadata::text AS metadata""";

    /** The charge, its ledger row (t.*) and the sum of its refunds, as of this statement. */
    private static final String FIND = """
            SELECT c.request_id, c.amount AS charge_amount, c.feature_id, c.description AS charge_description,
                   c.metadata::text AS metadata, c.created_at AS charged_at,
                   (SELECT coalesce(sum(r.amount), 0) FROM refunds r
                    WHERE r.customer_id = c.customer_id AND r.charge_request_id = c.request_id) AS refunded,
                   t.id, t.customer_id, t.seq, t.type, t.amount, t.balance_before, t.balance_after, t.idempotency_key,
                   t.description, t.event_count, t.created_at
            FROM charges c JOIN wallet_transactions t ON t.id = c.ledger_tx_id
            WHERE c.customer_id = $1 AND c.request_id = $2""";

    /**
     * Inserts the charge unless its request_id is taken: what was stored, or null when nothing was inserted. A
     * concurrent insert of the same key waits for the other transaction and then inserts nothing, so the loser can
     * read the winner's row.
     */
    public Uni<Inserted> insert(SqlClient tx, String customerId, ChargeRequest request, String metadata) {
        return tx.preparedQuery(INSERT).execute(Tuple.from(Arrays.asList(customerId, request.requestId(),
                request.amount(), request.featureId(), request.description(), metadata))).map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Inserted(row.getLong("ledger_tx_id"), row.getOffsetDateTime("created_at").toInstant(),
                            row.getString("metadata"));
                });
    }

    /** A new charge as stored: the id its CHARGE ledger row must take, its time, its metadata as Postgres keeps it. */
    public record Inserted(long ledgerTxId, Instant createdAt, String metadata) {
    }

    /** The customer's charge, or null. */
    public Uni<ChargeRow> find(SqlClient sql, String customerId, String requestId) {
        return sql.preparedQuery(FIND).execute(Tuple.of(customerId, requestId))
                .map(rows -> rows.rowCount() == 0 ? null : toRow(rows.iterator().next()));
    }

    private static ChargeRow toRow(Row row) {
        LedgerEntry ledger = LedgerEntry.from(row);
        BigDecimal refunded = row.getBigDecimal("refunded");
        return new ChargeRow(ledger.customerId(), row.getString("request_id"), row.getBigDecimal("charge_amount"),
                row.getString("feature_id"), row.getString("charge_description"), row.getString("metadata"),
                row.getOffsetDateTime("charged_at").toInstant(), refunded, ledger);
    }
}
