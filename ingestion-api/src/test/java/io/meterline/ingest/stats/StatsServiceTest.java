package io.meterline.ingest.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.stats.StatsRepository.Figure;

/** The pure part of the stats: UTC periods (month ends, leap years, clipping) and the outstanding balances. */
class StatsServiceTest {

    @Test
    void periodsAreUtcDaysOrMonthsFromTheOneHoldingFrom() {
        Object[][] cases = {
            {"2024-01-31T12:00:00Z", "2024-03-01T00:00:00Z", "month",
                List.of("2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z")},
            {"2024-02-27T23:59:59Z", "2024-03-01T00:00:01Z", "day",
                List.of("2024-02-27T00:00:00Z", "2024-02-28T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z")},
            {"2025-02-28T00:00:00Z", "2025-03-01T00:00:00Z", "day", List.of("2025-02-28T00:00:00Z")},
            {"2025-12-31T23:00:00Z", "2026-01-01T01:00:00Z", "month",
                List.of("2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z")},
        };
        for (Object[] c : cases) {
            List<String> starts = StatsService.periodStarts(Instant.parse((String) c[0]), Instant.parse((String) c[1]),
                    (String) c[2]).stream().map(Instant::toString).toList();
            assertEquals(c[3], starts, c[0] + ".." + c[1]);
        }
    }

    @Test
    void outstandingBalancesRunBackFromTheBalanceNow() {
        Instant jan = Instant.parse("2026-01-01T00:00:00Z");
        Instant feb = Instant.parse("2026-02-01T00:00:00Z");
        Instant mar = Instant.parse("2026-03-01T00:00:00Z");
        List<Figure> figures = List.of(
                new Figure(jan, "granted:PURCHASE", d("100")), new Figure(jan, "net", d("100")),
                new Figure(mar, "burn", d("-30")), new Figure(mar, "granted:PLAN", d("50")),
                new Figure(mar, "net", d("20")), new Figure(mar, "active", d("2")), new Figure(mar, "cost_usd", d("0.01")),
                new Figure(null, "later", d("-7")), new Figure(null, "balance", d("113")),
                new Figure(null, "credits_per_usd", d("1000")));
        StatsView view = StatsService.view(Instant.parse("2026-01-15T00:00:00Z"), Instant.parse("2026-03-10T00:00:00Z"),
                "month", null, figures);
        assertEquals(3, view.periods().size());
        // at `to` 113 - (-7) = 120; end of February 120 - 20 = 100; end of January 100 - 0 = 100
        assertEquals(0, d("100").compareTo(view.periods().get(0).outstandingBalance()));
        assertEquals(0, d("100").compareTo(view.periods().get(1).outstandingBalance()));
        assertEquals(0, d("120").compareTo(view.periods().get(2).outstandingBalance()));
        assertEquals(Instant.parse("2026-01-15T00:00:00Z"), view.periods().get(0).periodStart());
        assertEquals(feb, view.periods().get(0).periodEnd());
        assertEquals(Instant.parse("2026-03-10T00:00:00Z"), view.periods().get(2).periodEnd());
        PeriodStatsView march = view.periods().get(2);
        assertEquals(0, d("50").compareTo(march.grantedTotal()));
        assertEquals(0, d("30").compareTo(march.burned()));
        assertEquals(2, march.customersActive());
        assertEquals(0, d("0.03").compareTo(march.revenue().billedUsd()));
        assertEquals(0, d("0.02").compareTo(march.revenue().marginUsd()));
        assertEquals(0, BigDecimal.ZERO.compareTo(view.periods().get(1).grantedTotal()));
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }
}
