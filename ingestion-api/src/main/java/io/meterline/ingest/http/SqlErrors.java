package io.meterline.ingest.http;

import io.vertx.pgclient.PgException;

/** Postgres error classes the services react to. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** 23505: a unique constraint said no, i.e. someone else wrote the same key first. */
    public static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** 23503: a row names one that does not exist (e.g. a charge for an unknown customer or wallet). */
    public static boolean isForeignKeyViolation(Throwable failure) {
        return failure instanceof PgException pg && "23503".equals(pg.getSqlState());
    }

    /** 22003: a number does not fit its NUMERIC column (e.g. a balance beyond 20 integer digits). */
    public static boolean isNumericOverflow(Throwable failure) {
        return failure instanceof PgException pg && "22003".equals(pg.getSqlState());
    }
}
