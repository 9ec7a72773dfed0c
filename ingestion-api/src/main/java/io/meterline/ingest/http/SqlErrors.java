package io.meterline.ingest.http;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.meterline.common.ledger.Ledger;
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

    /** 23514: the named CHECK constraint said no. */
    public static boolean isCheckViolation(Throwable failure, String constraint) {
        return failure instanceof PgException pg && "23514".equals(pg.getSqlState())
                && constraint.equals(pg.getConstraint());
    }

    private static final Pattern AVAILABLE = Pattern.compile("available=(-?[0-9.]+)");

    /** ML402: the ledger refused a debit beyond a HARD wallet's available balance (nothing was written). */
    public static boolean isInsufficientCredits(Throwable failure) {
        return failure instanceof PgException pg && Ledger.INSUFFICIENT_CREDITS.equals(pg.getSqlState());
    }

    /** The 402 for an ML402 failure, with the available balance its DETAIL reports. */
    public static InsufficientCredits insufficientCredits(Throwable failure, String field, BigDecimal requested) {
        String detail = failure instanceof PgException pg ? pg.getDetail() : null;
        Matcher m = AVAILABLE.matcher(detail == null ? "" : detail);
        return new InsufficientCredits(m.find() ? new BigDecimal(m.group(1)) : BigDecimal.ZERO, field, requested);
    }
}
