package io.meterline.ingest.reservations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * The stale-hold probe's generic plan (PL/pgSQL keeps one per connection), made on an empty table as in a new
     * database or on a connection opened before the first holds, still reads only the probed wallets' entries: no
     * index but reservations_open_customer_idx can serve the probe, whatever the table held when it was planned,
     * while the sweep keeps an index of its own (V35). Before, this plan took the sweep's (expires_at) index with
     * a filter on the customer, and kept it as the table grew: every batch read every due hold of every customer.
     * Planned here on an empty copy of reservations with all its indexes.
     */
    @Test
    void theStaleHoldProbeCannotTakeTheSweepsIndex() throws SQLException {
        try (Connection c = TestDb.connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE probe_copy (LIKE reservations INCLUDING INDEXES)");
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("""
                    PREPARE probe(text[]) AS SELECT 1 FROM probe_copy r
                    WHERE r.customer_id = ANY ($1) AND r.status = 'OPEN' AND r.expires_at <= now()""");
            s.execute("""
                    PREPARE sweep(int) AS SELECT r.customer_id FROM probe_copy r
                    WHERE r.status = 'OPEN' AND r.settled_kind IS NULL AND r.expires_at <= now()
                    ORDER BY r.expires_at LIMIT $1""");
            String probe = plan(s, "EXPLAIN EXECUTE probe('{lookup}')");
            assertTrue(probe.contains("Index Cond: ((customer_id = ANY ($1)) AND (expires_at <= now()))"),
                    "the probe reads the customers' own entries:\n" + probe);
            String sweep = plan(s, "EXPLAIN EXECUTE sweep(10)");
            assertTrue(sweep.contains("Index Cond: (expires_at <= now())") && !sweep.contains("customer_id"),
                    "the sweep reads due holds by expiry:\n" + sweep);
        }
    }

    /**
     * Every stale-hold probe (ledger_hold's and ledger_release's own, and ledger_expire_wallet_holds' for hold
     * batches, release batches and HARD-checked posts) reads the probed wallet's entries of
     * reservations_open_customer_idx, even when the statistics say most open holds are due: there a generic plan
     * of an EXISTS probe (planned for its first row) took a sequential scan, which reads the whole table whenever
     * the wallet has no due hold (V37). Run against a temporary {@code reservations} of 100,000 due holds of 50
     * other customers, analyzed, which shadows the real table for this connection (pg_temp comes first in the
     * search path), with generic plans forced, in one transaction that is rolled back.
     */
    @Test
    void theStaleHoldProbesReadTheIndexWhenMostHoldsAreDue() throws SQLException {
        Holder acme = Holder.create("probe", "100000", "HARD");
        try (Connection c = TestDb.connection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("CREATE TEMP TABLE reservations (LIKE public.reservations INCLUDING ALL) ON COMMIT DROP");
                s.execute("""
                        INSERT INTO pg_temp.reservations (customer_id, reservation_id, estimate, expires_at, created_at)
                        SELECT 'crowd-' || g % 50, 'due-' || g, 1, now() - interval '1 hour', now() - interval '2 hours'
                        FROM generate_series(1, 100000) g""");
                s.execute("ANALYZE pg_temp.reservations");
                s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                try (PreparedStatement seqReads = c.prepareStatement(
                        "SELECT pg_stat_get_xact_tuples_returned('pg_temp.reservations'::regclass)");
                        PreparedStatement hold = c.prepareStatement(
                                "SELECT outcome FROM ledger_hold(?, ?, 1, NULL, NULL, 600)");
                        PreparedStatement holds = c.prepareStatement("""
                                SELECT count(*) FROM ledger_hold_many(ARRAY[?, ?], ARRAY['batch-1', 'batch-2'],
                                    ARRAY[1, 1]::numeric[], ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::jsonb[],
                                    ARRAY[600, 600])""");
                        PreparedStatement release = c.prepareStatement(
                                "SELECT outcome FROM ledger_release(?, 'single-1')");
                        PreparedStatement releases = c.prepareStatement(
                                "SELECT count(*) FROM ledger_release_many(ARRAY[?], ARRAY['batch-1'])")) {
                    long before = single(seqReads);
                    for (int i = 1; i <= 3; i++) { // PL/pgSQL plans at the first call; later calls reuse the plan
                        hold.setString(1, acme.id());
                        hold.setString(2, "single-" + i);
                        try (ResultSet rs = hold.executeQuery()) {
                            assertTrue(rs.next());
                            assertEquals("CREATED", rs.getString(1));
                        }
                    }
                    holds.setString(1, acme.id());
                    holds.setString(2, acme.id());
                    assertEquals(2, single(holds));
                    release.setString(1, acme.id());
                    try (ResultSet rs = release.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("RELEASED", rs.getString(1));
                    }
                    releases.setString(1, acme.id());
                    assertEquals(1, single(releases));
                    long read = single(seqReads) - before;
                    assertEquals(0, read, "the probes read " + read + " rows by sequential scans of reservations");
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        Audit.assertClean(acme.id());
    }

    /**
     * Every ledger function (and the ledger's trigger functions) plans with {@code enable_seqscan = off} (V39).
     * PL/pgSQL keeps a statement's generic plan for the connection's life; made while reservations held one page
     * (bench.sh's full run truncates it and step 8 analyzes it before the first hold, with the statistics of an
     * earlier run left in pg_statistic), the stale-hold probe and the by-key lookups planned as sequential scans,
     * and every hold batch then read the whole, growing table: Postgres 1,365-1,615 µs of CPU per hold against
     * 350-475 (docs/benchmarks.md, session 12; auto_explain showed the plans). Which plan a given set of
     * statistics yields is the planner's business, so this checks the guarantee itself: a function redefined by a
     * later migration loses its settings unless it restates them, and this fails then. The same holds for
     * {@code plan_cache_mode = force_generic_plan} on the reservation path's functions and charge_post (V40):
     * without it their small arrays made the plan cache plan every statement again at every call (559-781 µs of
     * Postgres CPU per call of ledger_hold_many with 2 holds, against 380-424; docs/benchmarks.md, session 13).
     */
    @Test
    void everyLedgerFunctionPlansOnceAndWithoutSequentialScans() throws SQLException {
        List<String> missing = new ArrayList<>();
        int functions = 0;
        try (Connection c = TestDb.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT p.oid::regprocedure::text,
                               coalesce('enable_seqscan=off' = ANY (p.proconfig), false)
                               AND (p.proname NOT IN ('ledger_hold', 'ledger_hold_many', 'ledger_release',
                                                      'ledger_release_many', 'ledger_settle',
                                                      'ledger_expire_wallet_holds', 'ledger_expire_holds',
                                                      'charge_post')
                                    OR 'plan_cache_mode=force_generic_plan' = ANY (p.proconfig))
                        FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                        WHERE p.pronamespace = 'public'::regnamespace AND l.lanname = 'plpgsql'
                          AND (p.proname LIKE 'ledger\\_%' OR p.proname = 'charge_post')""")) {
            while (rs.next()) {
                functions++;
                if (!rs.getBoolean(2)) {
                    missing.add(rs.getString(1));
                }
            }
        }
        assertTrue(functions >= 13, "the ledger's functions were found (" + functions + ")");
        assertTrue(missing.isEmpty(), "ledger functions planning without enable_seqscan = off (or, on the "
                + "reservation path, without plan_cache_mode = force_generic_plan): " + missing);
    }

    private static String plan(Statement s, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery(explain)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static long single(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
