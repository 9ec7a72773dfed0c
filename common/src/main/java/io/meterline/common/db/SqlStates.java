package io.meterline.common.db;

import io.vertx.pgclient.PgException;

/** How a Postgres failure is classified where billing or rollups decide whether to isolate the data at fault. */
public final class SqlStates {

    private SqlStates() {
    }

    /**
     * SQLSTATE class 22 (data exception, e.g. 22003 numeric overflow) or 23 (integrity constraint violation):
     * the data is at fault, not the database, so retrying the same work cannot help but smaller pieces can.
     */
    public static boolean isDataError(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
    }
}
