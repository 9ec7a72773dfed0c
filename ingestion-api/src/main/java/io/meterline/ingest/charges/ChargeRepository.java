package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.meterline.common.ledger.LedgerEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL on {@code charges}. A new charge is written by one statement, {@code charge_post} (V34): its row, its outbox
 * record and its ledger row (the arguments {@link ChargeLedger} builds), in the statement's own transaction.
 */
@ApplicationScoped
public class ChargeRepository {

    /** The charge (its ledger id taken from the ledger's sequence by the insert), its outbox record, its ledger row. */
    private static final String POST = """
            SELECT * FROM charge_post($1, $2, $3::text::numeric, $4, $5, $6::text::jsonb, $7,
                                      $8::text[], $9::text[], $10::text[]::numeric[], $11::text[], $12::text[],
                                      $13::int4[], $14::int8[], $15::text[], $16::int8[], $17::bool[],
                                      $18::text[], $19::text[], $20::text[]::numeric[], $21::text[], $22::text[])""";

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
     * Writes a new charge in one statement: what was stored, or null when its request_id was taken (nothing
     * written; a concurrent charge of the same key is waited for first, so its row can then be read). {@code record}
     * is its wallet-movements record without the ledger figures, which the drain adds from the ledger row.
     */
    public Uni<Posted> post(SqlClient sql, String customerId, ChargeRequest request, String metadata, String record) {
        List<Object> params = new ArrayList<>(Arrays.asList(customerId, request.requestId(),
                request.amount().toPlainString(), request.featureId(), request.description(), metadata, record));
        params.addAll(ChargeLedger.chargeParams(customerId, request.requestId(), request.amount(),
                request.description(), request.reservationId()));
        return sql.preparedQuery(POST).execute(Tuple.from(params)).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Posted(row.getOffsetDateTime("charged_at").toInstant(), row.getString("charge_metadata"),
                    LedgerEntry.from(row));
        });
    }

    /** A new charge as stored: its time, its metadata as Postgres keeps it, its CHARGE ledger row. */
    public record Posted(Instant createdAt, String metadata, LedgerEntry ledger) {
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
