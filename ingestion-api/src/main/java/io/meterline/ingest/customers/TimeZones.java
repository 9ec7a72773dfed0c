package io.meterline.ingest.customers;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.Set;

/**
 * The rule for customers.time_zone: an IANA region name (as in the tz database, e.g. {@code Europe/Berlin}, or
 * {@code UTC}) whose offsets from UTC since 1970 are all whole hours. Daily rollups are built from hourly ones, so
 * a local day must be a run of whole UTC hours; zones with half- or quarter-hour offsets (Asia/Kolkata,
 * Asia/Kathmandu, Australia/Adelaide ...) are refused rather than rolled up wrongly.
 */
public final class TimeZones {

    public static final String DEFAULT = "UTC";

    private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();
    private static final Instant SINCE = Instant.parse("1970-01-01T00:00:00Z");

    private TimeZones() {
    }

    /** Why {@code zone} is not accepted, or null when it is. */
    public static String problem(String zone) {
        if (!KNOWN.contains(zone)) {
            return "must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York";
        }
        ZoneRules rules = ZoneId.of(zone).getRules();
        boolean whole = wholeHours(rules.getOffset(SINCE)) && wholeHours(rules.getOffset(Instant.now()));
        for (ZoneOffsetTransition t : rules.getTransitions()) {
            if (!t.getInstant().isBefore(SINCE)) {
                whole &= wholeHours(t.getOffsetBefore()) && wholeHours(t.getOffsetAfter());
            }
        }
        for (ZoneOffsetTransitionRule r : rules.getTransitionRules()) {
            whole &= wholeHours(r.getOffsetBefore()) && wholeHours(r.getOffsetAfter());
        }
        return whole ? null : "must be a time zone whose offsets from UTC are whole hours (daily rollups are built "
                + "from hourly ones)";
    }

    private static boolean wholeHours(ZoneOffset offset) {
        return offset.getTotalSeconds() % 3600 == 0;
    }
}
