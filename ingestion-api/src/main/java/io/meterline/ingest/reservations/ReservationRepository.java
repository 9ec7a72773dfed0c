package io.meterline.ingest.reservations;

import io.meterline.common.ledger.Hold;
import io.meterline.common.ledger.Holds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reservations: writes only through the ledger's hold functions ({@link Holds}; holds through {@link HoldBatcher},
 * releases through {@link ReleaseBatcher}), reads here. A read shows an OPEN
 * reservation past its expiry as EXPIRED (closed at expires_at), as the next hold or sweep will record it.
 */
@ApplicationScoped
public class ReservationRepository {

    private static final String FIND = """
            SELECT estimate, feature_id, metadata::text AS metadata,
                   CASE WHEN status = 'OPEN' AND expires_at <= now() THEN 'EXPIRED' ELSE status END AS status,
                   expires_at, settled_amount, settled_kind, settled_id, created_at,
                   CASE WHEN status = 'OPEN' AND expires_at <= now() THEN expires_at ELSE closed_at END AS closed_at
            FROM reservations WHERE customer_id = $1 AND reservation_id = $2""";

    /** The customer's reservation, or null. */
    public Uni<Hold> find(SqlClient sql, String customerId, String reservationId) {
        return sql.preparedQuery(FIND).execute(Tuple.of(customerId, reservationId)).map(rows -> rows.rowCount() == 0
                ? null : Hold.from(rows.iterator().next(), customerId, reservationId));
    }
}
