package io.meterline.common.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The monthly periods of a subscription, in UTC, shared by the admin API (current period, next renewal) and the
 * renewal job (what to issue), so that both always agree.
 *
 * <p>A <b>boundary</b> is 00:00 UTC of the anchor day of a month, or of the month's last day when the month is
 * shorter (anchor 31: Feb 28, or 29 in leap years, Apr 30, then back to May 31: the anchor is kept, never drifts).
 * Each month has exactly one boundary. The first period runs from {@code starts_at} to the first boundary strictly
 * after it (a short first period when {@code starts_at} is not itself a boundary); every later period runs from a
 * boundary to the next one. So periods are contiguous, never overlap, and each ends on a boundary.
 */
public final class BillingPeriods {

    /** A half-open period [start, end). */
    public record Period(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    public static final int MIN_ANCHOR = 1;
    public static final int MAX_ANCHOR = 31;

    private BillingPeriods() {
    }

    /** The boundary of a month: its anchor day at 00:00 UTC, or its last day when it has fewer days. */
    public static Instant boundary(YearMonth month, int anchorDay) {
        checkAnchor(anchorDay);
        return month.atDay(Math.min(anchorDay, month.lengthOfMonth())).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first boundary strictly after {@code t}. */
    public static Instant nextBoundary(Instant t, int anchorDay) {
        YearMonth month = YearMonth.from(LocalDate.ofInstant(t, ZoneOffset.UTC));
        Instant b = boundary(month, anchorDay);
        return b.isAfter(t) ? b : boundary(month.plusMonths(1), anchorDay);
    }

    /** The period that starts at {@code start} (starts_at, or a boundary): it ends at the next boundary. */
    public static Period startingAt(Instant start, int anchorDay) {
        return new Period(start, nextBoundary(start, anchorDay));
    }

    /**
     * The period of a subscription starting at {@code startsAt} that contains {@code now}; null before startsAt.
     * Walks boundary to boundary from the first period, at most one step per month between the two.
     */
    public static Period containing(Instant startsAt, int anchorDay, Instant now) {
        if (now.isBefore(startsAt)) {
            return null;
        }
        Period first = startingAt(startsAt, anchorDay);
        if (first.contains(now)) {
            return first;
        }
        YearMonth month = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
        Instant start = boundary(month, anchorDay);
        if (start.isAfter(now)) {
            start = boundary(month.minusMonths(1), anchorDay);
        }
        return startingAt(start, anchorDay);
    }

    /** The default anchor of a subscription starting at {@code startsAt}: its day of the month in UTC. */
    public static int anchorOf(Instant startsAt) {
        return LocalDate.ofInstant(startsAt, ZoneOffset.UTC).getDayOfMonth();
    }

    private static void checkAnchor(int anchorDay) {
        if (anchorDay < MIN_ANCHOR || anchorDay > MAX_ANCHOR) {
            throw new IllegalArgumentException("anchor day must be 1..31, was " + anchorDay);
        }
    }
}
