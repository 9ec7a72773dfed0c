package io.meterline.common.ledger;

import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The ledger's hold functions (migration V24; the invariants are in {@link Ledger}'s Javadoc): the only writers of
 * {@code reservations} and {@code wallets.held}. Each call is one statement, so one round trip; the caller's
 * transaction (or the statement's own) holds the wallet lock until it ends.
 */
public final class Holds {

    private static final String HOLD = """
            SELECT outcome, estimate, feature_id, metadata::text AS metadata, status, expires_at, settled_amount,
                   settled_kind, settled_id, created_at, closed_at, balance, held, spend_mode
            FROM ledger_hold($1, $2, $3::text::numeric, $4, $5::text::jsonb, $6)""";
    private static final String HOLD_MANY = """
            SELECT item, outcome, estimate, feature_id, metadata::text AS metadata, status, expires_at, settled_amount,
                   settled_kind, settled_id, created_at, closed_at, balance, held, spend_mode
            FROM ledger_hold_many($1::text[], $2::text[], $3::text[]::numeric[], $4::text[], $5::text[]::jsonb[],
                                  $6::int4[])""";
    private static final String RELEASE = """
            SELECT outcome, estimate, feature_id, metadata::text AS metadata, status, expires_at, settled_amount,
                   settled_kind, settled_id, created_at, closed_at
            FROM ledger_release($1, $2)""";
    private static final String RELEASE_MANY = """
            SELECT item, outcome, estimate, feature_id, metadata::text AS metadata, status, expires_at, settled_amount,
                   settled_kind, settled_id, created_at, closed_at
            FROM ledger_release_many($1::text[], $2::text[])""";
    private static final String SETTLE = """
            SELECT customer_id, reservation_id
            FROM ledger_settle($1::text[], $2::text[], $3::text[]::numeric[], $4::text[], $5::text[])""";
    private static final String EXPIRE = "SELECT ledger_expire_holds($1) AS expired";

    private Holds() {
    }

    /**
     * Holds {@code estimate} credits under {@code reservationId} for {@code ttlSeconds}: locks the wallet, expires
     * its stale holds, answers an existing reservation of that id (EXISTING), refuses a HARD wallet whose available
     * balance is below the estimate (INSUFFICIENT, nothing written), else inserts it and adds it to held (CREATED).
     */
    public static Uni<HoldOutcome> hold(SqlClient sql, HoldRequest request) {
        return sql.preparedQuery(HOLD).execute(Tuple.from(Arrays.<Object>asList(request.customerId(),
                request.reservationId(), request.estimate().toPlainString(), request.featureId(),
                request.metadataJson(), request.ttlSeconds()))).map(rows -> outcome(rows.iterator().next(), request));
    }

    /**
     * Holds a batch in ONE statement and commit ({@code ledger_hold_many}): the batch's wallets are locked in
     * customer_id order, then each request is decided as {@link #hold} decides it, in list order (a later request
     * sees the earlier ones: the same reservation id twice is CREATED then EXISTING, and a HARD wallet's available
     * balance counts the holds before it). Answers one outcome per request, in list order. A statement error rolls
     * back the whole batch (nothing held); callers then decide each request alone.
     */
    public static Uni<List<HoldOutcome>> holdMany(SqlClient sql, List<HoldRequest> requests) {
        int n = requests.size();
        String[] customers = new String[n], reservations = new String[n], estimates = new String[n];
        String[] features = new String[n], metadata = new String[n];
        Integer[] ttls = new Integer[n];
        for (int i = 0; i < n; i++) {
            HoldRequest r = requests.get(i);
            customers[i] = r.customerId();
            reservations[i] = r.reservationId();
            estimates[i] = r.estimate().toPlainString();
            features[i] = r.featureId();
            metadata[i] = r.metadataJson();
            ttls[i] = r.ttlSeconds();
        }
        return sql.preparedQuery(HOLD_MANY).execute(Tuple.of(customers, reservations, estimates, features, metadata,
                ttls)).map(rows -> {
                    HoldOutcome[] outcomes = new HoldOutcome[n];
                    for (Row row : rows) {
                        int item = row.getInteger("item") - 1;
                        outcomes[item] = outcome(row, requests.get(item));
                    }
                    return Arrays.asList(outcomes);
                });
    }

    private static HoldOutcome outcome(Row row, HoldRequest request) {
        Hold hold = row.getString("status") == null ? null
                : Hold.from(row, request.customerId(), request.reservationId());
        return new HoldOutcome(row.getString("outcome"), hold, row.getBigDecimal("balance"), row.getBigDecimal("held"),
                row.getString("spend_mode"));
    }

    /** Releases an OPEN reservation: RELEASED, or CLOSED with it as it is, or NOT_FOUND (hold null). */
    public static Uni<HoldOutcome> release(SqlClient sql, String customerId, String reservationId) {
        return sql.preparedQuery(RELEASE).execute(Tuple.of(customerId, reservationId)).map(rows -> {
            if (rows.rowCount() == 0) {
                return new HoldOutcome("NOT_FOUND", null, null, null, null);
            }
            Row row = rows.iterator().next();
            return new HoldOutcome(row.getString("outcome"), Hold.from(row, customerId, reservationId), null, null,
                    null);
        });
    }

    /**
     * Releases a batch in ONE statement and commit ({@code ledger_release_many}): the batch's wallets are locked in
     * customer_id order, their stale holds expired once, then each request is decided as {@link #release} decides
     * it, in list order (the same reservation twice is RELEASED, then CLOSED as RELEASED). Answers one outcome per
     * request, in list order. A statement error rolls back the whole batch (nothing released); callers then decide
     * each request alone.
     */
    public static Uni<List<HoldOutcome>> releaseMany(SqlClient sql, List<ReleaseRequest> requests) {
        int n = requests.size();
        String[] customers = new String[n], reservations = new String[n];
        for (int i = 0; i < n; i++) {
            customers[i] = requests.get(i).customerId();
            reservations[i] = requests.get(i).reservationId();
        }
        return sql.preparedQuery(RELEASE_MANY).execute(Tuple.of(customers, reservations)).map(rows -> {
            HoldOutcome[] outcomes = new HoldOutcome[n];
            for (Row row : rows) {
                int item = row.getInteger("item") - 1;
                ReleaseRequest request = requests.get(item);
                String outcome = row.getString("outcome");
                outcomes[item] = "NOT_FOUND".equals(outcome) ? new HoldOutcome(outcome, null, null, null, null)
                        : new HoldOutcome(outcome, Hold.from(row, request.customerId(), request.reservationId()),
                                null, null, null);
            }
            return Arrays.asList(outcomes);
        });
    }

    /** {@link #release} of one request, as {@link #releaseMany} decides each (for a batch's one-by-one retry). */
    public static Uni<HoldOutcome> release(SqlClient sql, ReleaseRequest request) {
        return release(sql, request.customerId(), request.reservationId());
    }

    /**
     * Settles the OPEN, unexpired reservations the items name (first item wins; see {@code ledger_settle}), in the
     * caller's transaction; returns how many settled. A repeated call settles nothing more.
     */
    public static Uni<Integer> settle(SqlClient sql, List<Settlement> items) {
        return sql.preparedQuery(SETTLE).execute(Tuple.from(settleParams(items))).map(rows -> rows.rowCount());
    }

    /** ledger_settle's five arrays (customer, reservation, amount, kind, id) for these items. */
    static List<Object> settleParams(List<Settlement> items) {
        int n = items.size();
        String[] customers = new String[n], reservations = new String[n], amounts = new String[n];
        String[] kinds = new String[n], ids = new String[n];
        for (int i = 0; i < n; i++) {
            Settlement s = items.get(i);
            customers[i] = s.customerId();
            reservations[i] = s.reservationId();
            amounts[i] = s.amount() == null ? null : s.amount().toPlainString();
            kinds[i] = s.kind();
            ids[i] = s.itemId();
        }
        return List.of(customers, reservations, amounts, kinds, ids);
    }

    /** The sweep: expires stale holds of at most {@code limit} reservations' wallets; returns how many expired. */
    public static Uni<Integer> expire(SqlClient sql, int limit) {
        return sql.preparedQuery(EXPIRE).execute(Tuple.of(limit))
                .map(rows -> rows.iterator().next().getInteger("expired"));
    }
}
