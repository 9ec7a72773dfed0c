package io.meterline.ingest.reservations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.TestDb;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Closing a reservation reads that reservation by its key and nothing else, whatever the planner's statistics say
 * (V32). Before, a release or a settling charge found it with {@code status = 'OPEN'} in its predicate, which let
 * the planner scan the partial index of every open hold of every customer whenever the statistics were older than
 * the holds: tens of thousands of index entries per release under load, with the wallet locked. Counted here with
 * the transaction's own index statistics ({@code pg_stat_get_xact_tuples_returned}), not with a clock.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReservationLookupTest {

    private static final int OPEN = 400;

    /** Index entries read through the two partial indexes of open holds, in this transaction so far. */
    private static final String PARTIAL_INDEX_READS = """
            SELECT sum(pg_stat_get_xact_tuples_returned(i.indexrelid))
            FROM pg_index i WHERE i.indrelid = 'reservations'::regclass AND i.indpred IS NOT NULL""";

    @Test
    void aReleaseAndASettleReadOnlyTheirOwnReservation() throws SQLException {
        Holder acme = Holder.create("lookup", "100000", "HARD");
        try (Connection c = TestDb.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE reservations"); // statistics taken before the customer's holds exist
            }
            try (PreparedStatement holds = c.prepareStatement("""
                    SELECT count(*) FILTER (WHERE h.outcome = 'CREATED') FROM generate_series(1, ?) g,
                        LATERAL ledger_hold(?, 'open-' || g, 1, NULL, NULL, 600) h""")) {
                holds.setInt(1, OPEN);
                holds.setString(2, acme.id());
                assertEquals(OPEN, single(holds));
            }
            c.setAutoCommit(false);
            try (PreparedStatement release = c.prepareStatement("SELECT outcome FROM ledger_release(?, 'open-1')");
                    PreparedStatement settle = c.prepareStatement("""
                            SELECT count(*) FROM ledger_settle(ARRAY[?], ARRAY['open-2'], ARRAY[1]::numeric[],
                                                               ARRAY['charge'], ARRAY['lookup-charge'])""");
                    PreparedStatement reads = c.prepareStatement(PARTIAL_INDEX_READS)) {
                release.setString(1, acme.id());
                settle.setString(1, acme.id());
                long before = single(reads);
                try (ResultSet rs = release.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("RELEASED", rs.getString(1));
                }
                assertEquals(1, single(settle), "the hold is settled");
                long read = single(reads) - before;
                assertTrue(read <= 2, "a release and a settle read " + read + " entries of the open-hold indexes "
                        + "(their stale-hold probes may read one each), not the " + OPEN + " open holds");
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
        }
        Audit.assertClean(acme.id());
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
