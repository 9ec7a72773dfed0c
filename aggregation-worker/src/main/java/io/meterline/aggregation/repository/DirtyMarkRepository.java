package io.meterline.aggregation.repository;

import java.util.List;

import io.meterline.aggregation.repository.RollupRepository.Hour;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes the marks writers leave for an incremental run: rollup_dirty (V27: statement triggers on usage_events,
 * charges and refunds append one row per statement and UTC hour in the writer's transaction) and rollup_rezoned
 * (a customer whose time zone changed). The take is part of the run's transaction: a run that fails leaves the
 * marks for the next one, and a writer that commits after the take is the next run's.
 */
@ApplicationScoped
public class DirtyMarkRepository {

    /** Takes every dirty mark this statement sees (writers that commit later are the next run's). */
    private static final String CLAIM_DIRTY = """
            WITH taken AS (DELETE FROM rollup_dirty RETURNING customer_id, hour)
            SELECT DISTINCT customer_id, hour FROM taken ORDER BY 1, 2""";

    /**
     * Takes the customers whose zone changed, deletes their daily rows (days of the old zone) and answers every
     * hour they have an hourly row for, whose days are then rebuilt in the new zone.
     */
    private static final String CLAIM_REZONED = """
            WITH taken AS (DELETE FROM rollup_rezoned RETURNING customer_id),
            gone AS (DELETE FROM usage_rollups WHERE period = 'DAILY' AND customer_id IN (SELECT customer_id FROM taken))
            SELECT DISTINCT customer_id, period_start AS hour FROM usage_rollups
            WHERE period = 'HOURLY' AND customer_id IN (SELECT customer_id FROM taken) ORDER BY 1, 2""";

    /** Takes the dirty hours; the caller's transaction makes the take final or undoes it. */
    public Uni<List<Hour>> claimDirty(SqlConnection tx) {
        return tx.query(CLAIM_DIRTY).execute().map(RollupRepository::hours);
    }

    /** Takes the re-zoned customers, drops their daily rows, and answers their hours (see CLAIM_REZONED). */
    public Uni<List<Hour>> claimRezoned(SqlConnection tx) {
        return tx.query(CLAIM_REZONED).execute().map(RollupRepository::hours);
    }
}
