package io.meterline.common.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ISO-8601 instants in the canonical UTC form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read and written without
 * {@link DateTimeFormatter}, whose generic parse and print took 10-20 % of the CPU of both services (every event
 * carries two instants on the wire).
 *
 * <p>Invariant: the result is always the one {@link DateTimeFormatter#ISO_INSTANT} gives (which is what
 * {@link Instant#parse} and {@link Instant#toString} use). Only the canonical form of years 0000-9999 takes the
 * fast path; anything else (offsets, lower case, leap seconds, other years, invalid text) is handed to
 * {@code Instant}, so the accepted set, the values and the error messages do not change.
 */
public final class IsoInstant {

    /** The longest canonical form: 2026-11-21T14:37:31.123456789Z. */
    public static final int MAX_LENGTH = 30;

    /** The first instant a stored date may hold: 2000-01-01T00:00:00Z. */
    public static final Instant FIRST_STORABLE = Instant.parse("2000-01-01T00:00:00Z");
    /** The first instant past the storable range: 2101-01-01T00:00:00Z (so years 2000 to 2100 are storable). */
    public static final Instant END_STORABLE = Instant.parse("2101-01-01T00:00:00Z");

    /** RFC 3339 date-time: seconds required, fraction optional (1-9 digits), offset required, ASCII digits only. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final long FIRST_FAST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400;
    private static final long LAST_FAST_SECOND = LocalDate.of(9999, 12, 31).toEpochDay() * 86_400 + 86_399;

    private IsoInstant() {
    }

    /** As {@link Instant#parse}: throws {@link java.time.format.DateTimeParseException} on text it rejects. */
    public static Instant parse(CharSequence text) {
        Instant fast = parseCanonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /**
     * The instant of an RFC 3339 date-time with an offset ({@code 2025-01-31T12:00:00Z},
     * {@code 2025-01-31T13:00:00.5+01:00}) within years 2000 to 2100 UTC; null for anything else: no offset, no
     * seconds, a leap second (23:59:60), February 30, non-ASCII digits, other years. Not for the ingest hot path,
     * which keeps {@link #parse}: this is the rule for dates a client asks Meterline to store or to search by.
     */
    public static Instant parseStrict(CharSequence text) {
        Instant instant = parseCanonical(text);
        if (instant == null) {
            if (text.length() > 35 || !RFC_3339.matcher(text).matches()) {
                return null;
            }
            try {
                instant = OffsetDateTime.parse(text.toString().toUpperCase(Locale.ROOT)).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return isStorable(instant) ? instant : null;
    }

    /** True for instants within years 2000 to 2100 UTC, the range every stored date keeps to. */
    public static boolean isStorable(Instant instant) {
        return !instant.isBefore(FIRST_STORABLE) && instant.isBefore(END_STORABLE);
    }

    /** The instant when {@code text} is in the canonical form with a valid date and time; otherwise null. */
    public static Instant parseCanonical(CharSequence text) {
        int n = text.length();
        if (n < 20 || n > MAX_LENGTH || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (text.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            int value = digits(text, 20, fraction);
            if (value < 0) {
                return null;
            }
            nano = value * POW10[9 - fraction];
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nano);
    }

    /** As {@link Instant#toString}. */
    public static String format(Instant instant) {
        char[] buffer = new char[MAX_LENGTH];
        int length = format(instant, buffer);
        return length < 0 ? instant.toString() : new String(buffer, 0, length);
    }

    /**
     * Writes the canonical form of {@code instant} into {@code buffer} (at least {@link #MAX_LENGTH} chars) and
     * returns its length, or -1 for a year outside 0000-9999 (use {@link Instant#toString}). The fraction is
     * printed in groups of three digits, as many as needed, as {@link DateTimeFormatter#ISO_INSTANT} does.
     */
    public static int format(Instant instant, char[] buffer) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        put(buffer, 0, date.getYear(), 4);
        buffer[4] = '-';
        put(buffer, 5, date.getMonthValue(), 2);
        buffer[7] = '-';
        put(buffer, 8, date.getDayOfMonth(), 2);
        buffer[10] = 'T';
        put(buffer, 11, secondOfDay / 3_600, 2);
        buffer[13] = ':';
        put(buffer, 14, secondOfDay / 60 % 60, 2);
        buffer[16] = ':';
        put(buffer, 17, secondOfDay % 60, 2);
        int length = 19;
        int nano = instant.getNano();
        if (nano != 0) {
            buffer[length++] = '.';
            if (nano % 1_000_000 == 0) {
                put(buffer, length, nano / 1_000_000, 3);
                length += 3;
            } else if (nano % 1_000 == 0) {
                put(buffer, length, nano / 1_000, 6);
                length += 6;
            } else {
                put(buffer, length, nano, 9);
                length += 9;
            }
        }
        buffer[length++] = 'Z';
        return length;
    }

    /** The non-negative number written with exactly {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static void put(char[] buffer, int from, int value, int count) {
        for (int i = from + count - 1; i >= from; i--) {
            buffer[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
