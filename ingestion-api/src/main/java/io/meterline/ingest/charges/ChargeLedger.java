package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.util.List;

import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.LedgerEntry;
import io.meterline.common.ledger.Posting;
import io.meterline.common.ledger.Settlement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Where charges and refunds reach the {@link Ledger}, and nowhere else: a CHARGE row of minus the amount, a REFUND
 * row of plus the amount, each under the ledger key {@code charge:<request_id>} / {@code refund:<refund_id>} (the
 * wallet's unique key, so a charge or refund can never be posted twice even past every other guard). A CHARGE is
 * limited to the available balance of a HARD wallet ({@link Posting#withinAvailable}); a REFUND never is.
 *
 * <p>The row's id is taken from the ledger's identity sequence before (refunds, {@link #nextId}) or by (charges, in
 * their INSERT) the insert of the charge or refund row, so that row holds its ledger_tx_id from the start (the cost
 * worker does the same for BURN rows). A refund also knows the ledger row it reverses ({@code originalLedgerTxId}: the charge's CHARGE row or the event's BURN row), the row
 * whose grants the REFUND restores.
 */
final class ChargeLedger {

    static final String CHARGE = "CHARGE";
    static final String REFUND = "REFUND";

    private static final String NEXT_ID = "SELECT nextval(pg_get_serial_sequence('wallet_transactions', 'id')) AS id";

    private ChargeLedger() {
    }

    /** A ledger id for a row to be posted in this transaction. */
    static Uni<Long> nextId(SqlClient tx) {
        return tx.preparedQuery(NEXT_ID).execute(Tuple.tuple()).map(rows -> rows.iterator().next().getLong("id"));
    }

    /**
     * The ledger arguments of a charge, posted inside {@code charge_post} (V34, one statement), which takes the
     * ledger id from the charge row it inserts: a CHARGE of minus the amount, limited to the available balance of a
     * HARD wallet; when the charge names {@code reservationId} (else null) that reservation is settled first
     * (ledger_post_settling), so its hold is available to the charge. In {@link Ledger#postSettlingParams} order.
     */
    static List<Object> chargeParams(String customerId, String requestId, BigDecimal amount, String description,
            String reservationId) {
        return Ledger.postSettlingParams(List.of(posting(customerId, requestId, amount, description, 0)),
                settlements(customerId, requestId, amount, reservationId));
    }

    private static Posting posting(String customerId, String requestId, BigDecimal amount, String description,
            long id) {
        return new Posting(customerId, CHARGE, amount.negate(), "charge:" + requestId,
                description != null ? description : "charge " + requestId, 0, id).limitedToAvailable();
    }

    private static List<Settlement> settlements(String customerId, String requestId, BigDecimal amount,
            String reservationId) {
        return reservationId == null ? List.of()
                : List.of(new Settlement(customerId, reservationId, amount, Settlement.CHARGE, requestId));
    }

    /**
     * The refund restores {@code originalLedgerTxId} (the CHARGE or BURN row): the ledger gives the credits back to
     * the grants that row drew from while they are live, repays the overdraft first, and puts any rest in a
     * non-expiring grant of its own (see {@code ledger_post}).
     */
    static Uni<LedgerEntry> refund(SqlClient tx, String customerId, String refundId, BigDecimal amount, String reason,
            long id, long originalLedgerTxId) {
        return Ledger.post(tx, new Posting(customerId, REFUND, amount, "refund:" + refundId, reason, 0, id)
                .restoring(originalLedgerTxId));
    }
}
