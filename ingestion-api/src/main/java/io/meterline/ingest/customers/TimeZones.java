package io.meterline.ingest.customers;

import java.time.ZoneId;
import java.util.Set;

/**
 * The JVM's half of the rule for customers.time_zone: an IANA region name as the tz database spells it (e.g.
 * {@code Europe/Berlin}, {@code Asia/Kolkata}, or {@code UTC}), with any offset: daily rollups are exact local
 * days whether a zone's midnight falls on a whole UTC hour or not (docs/rollups.md). Postgres computes the days, so
 * a name must also be one Postgres knows ({@link PostgresTimeZones}); this check is the cheap, synchronous first
 * half, which also refuses offsets ({@code +05:00}) and abbreviations that are not region names.
 */
public final class TimeZones {

    public static final String DEFAULT = "UTC";

    /** Why a name neither the JVM nor Postgres would take is refused. */
    static final String UNKNOWN = "must be an IANA time zone name such as UTC, Europe/Berlin or Asia/Kolkata";

    private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();

    private TimeZones() {
    }

    /** Why {@code zone} is not accepted by the JVM, or null when it is. */
    public static String problem(String zone) {
        return KNOWN.contains(zone) ? null : UNKNOWN;
    }
}
