package io.meterline.common.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.common.billing.BillingPeriods.Period;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BillingPeriodsTest {

    @ParameterizedTest(name = "{0} anchor {1}: {2}")
    @CsvSource({
        "2026-01, 15, 2026-01-15",
        "2026-01, 31, 2026-01-31",
        "2026-02, 31, 2026-02-28",   // short month: its last day
        "2028-02, 31, 2028-02-29",   // leap year
        "2028-02, 29, 2028-02-29",
        "2026-02, 29, 2026-02-28",
        "2026-02, 30, 2026-02-28",
        "2100-02, 29, 2100-02-28",   // century, not a leap year
        "2000-02, 30, 2000-02-29",   // 400-year rule: a leap year
        "2026-04, 31, 2026-04-30",
        "2026-05, 31, 2026-05-31",   // back to 31: the anchor is kept, not drifted
        "2026-12,  1, 2026-12-01",
    })
    void boundaryOfAMonth(String month, int anchor, String day) {
        assertEquals(at(day), BillingPeriods.boundary(YearMonth.parse(month), anchor));
    }

    @ParameterizedTest(name = "after {0} anchor {1}: {2}")
    @CsvSource({
        "2026-01-10T12:00:00Z, 15, 2026-01-15",
        "2026-01-15T00:00:00Z, 15, 2026-02-15",   // on a boundary: the next one
        "2026-01-15T00:00:01Z, 15, 2026-02-15",
        "2026-01-31T00:00:00Z, 31, 2026-02-28",
        "2026-02-28T00:00:00Z, 31, 2026-03-31",
        "2028-01-31T00:00:00Z, 31, 2028-02-29",
        "2028-02-29T00:00:00Z, 31, 2028-03-31",
        "2026-01-30T00:00:00Z, 30, 2026-02-28",
        "2026-02-28T00:00:00Z, 30, 2026-03-30",
        "2026-12-31T23:59:59Z,  1, 2027-01-01",
        "2026-12-20T00:00:00Z, 10, 2027-01-10",   // year end
    })
    void nextBoundary(String after, int anchor, String day) {
        assertEquals(at(day), BillingPeriods.nextBoundary(Instant.parse(after), anchor));
    }

    @ParameterizedTest(name = "starts {0} anchor {1}, at {2}: [{3}, {4})")
    @CsvSource({
        "2026-01-10T09:30:00Z, 31, 2026-01-20T00:00:00Z, 2026-01-10T09:30:00Z, 2026-01-31",   // short first period
        "2026-01-10T09:30:00Z, 31, 2026-01-31T00:00:00Z, 2026-01-31T00:00:00Z, 2026-02-28",
        "2026-01-10T09:30:00Z, 31, 2026-03-01T00:00:00Z, 2026-02-28T00:00:00Z, 2026-03-31",
        "2026-01-10T09:30:00Z, 31, 2026-05-31T00:00:00Z, 2026-05-31T00:00:00Z, 2026-06-30",
        "2026-01-10T09:30:00Z, 31, 2026-05-30T23:59:59Z, 2026-04-30T00:00:00Z, 2026-05-31",
        "2027-12-29T00:00:00Z, 29, 2028-03-01T00:00:00Z, 2028-02-29T00:00:00Z, 2028-03-29",
        "2026-01-15T00:00:00Z, 15, 2026-01-15T00:00:00Z, 2026-01-15T00:00:00Z, 2026-02-15",   // starts on a boundary
    })
    void periodContaining(String startsAt, int anchor, String now, String start, String end) {
        Period p = BillingPeriods.containing(Instant.parse(startsAt), anchor, Instant.parse(now));
        assertEquals(new Period(Instant.parse(start), at(end)), p);
    }

    @Test
    void noPeriodBeforeTheStart() {
        assertNull(BillingPeriods.containing(Instant.parse("2026-03-01T00:00:00Z"), 1,
                Instant.parse("2026-02-28T23:59:59Z")));
    }

    @ParameterizedTest(name = "anchor {0} refused")
    @CsvSource({"0", "32", "-1"})
    void anchorOutOfRange(int anchor) {
        assertThrows(IllegalArgumentException.class, () -> BillingPeriods.boundary(YearMonth.of(2026, 1), anchor));
    }

    /**
     * From any start and anchor, 30 periods chained start to end are contiguous, never empty nor overlapping,
     * each between 28 and 31 days after the first, and each ends at 00:00 UTC on the anchor day or, in a shorter
     * month, on its last day; and {@code containing} finds, for an instant inside any of them, that very period.
     */
    @Property(tries = 500)
    void periodsAreContiguousAndEndOnTheAnchor(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long startSecond,
            @ForAll @IntRange(min = 1, max = 31) int anchor, @ForAll @LongRange(min = 0, max = 999) long fraction) {
        Instant startsAt = Instant.ofEpochSecond(startSecond);
        Period p = BillingPeriods.startingAt(startsAt, anchor);
        for (int i = 0; i < 30; i++) {
            assertTrue(p.end().isAfter(p.start()), p.toString());
            LocalDate end = LocalDate.ofInstant(p.end(), ZoneOffset.UTC);
            assertEquals(p.end(), end.atStartOfDay(ZoneOffset.UTC).toInstant(), "ends at midnight UTC: " + p);
            assertEquals(Math.min(anchor, end.lengthOfMonth()), end.getDayOfMonth(), "ends on the anchor: " + p);
            long days = (p.end().getEpochSecond() - p.start().getEpochSecond()) / 86_400;
            assertTrue(i == 0 ? days <= 31 : days >= 28 && days <= 31, i + " " + p);
            Instant inside = p.start().plusSeconds((p.end().getEpochSecond() - p.start().getEpochSecond()) * fraction
                    / 1000);
            assertEquals(p, BillingPeriods.containing(startsAt, anchor, inside));
            Period next = BillingPeriods.startingAt(p.end(), anchor);
            assertEquals(p.end(), next.start());
            p = next;
        }
    }

    private static Instant at(String day) {
        return LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
