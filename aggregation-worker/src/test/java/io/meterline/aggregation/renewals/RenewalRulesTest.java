package io.meterline.aggregation.renewals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenewalRulesTest {

    private static final Instant T0 = Instant.parse("2026-01-10T09:30:00Z");

    @ParameterizedTest(name = "{0} max {1}, unused {2}: carry {3}")
    @CsvSource(nullValues = "-", value = {
        "NONE,   -,  60,   0",
        "CAPPED, 30, 60,  30",
        "CAPPED, 30, 20,  20",
        "CAPPED, 0,  20,   0",
        "FULL,   -,  60,  60",
        "FULL,   -,   0,   0",
        "FULL,   -, 0.000000000000000001, 0.000000000000000001",
    })
    void carry(String rollover, BigDecimal max, BigDecimal unused, BigDecimal carried) {
        assertEquals(0, carried.compareTo(RenewalRules.carry(rollover, max, unused)));
    }

    @ParameterizedTest(name = "period starting {0}: version {1}")
    @CsvSource({
        "2026-01-01T00:00:00Z, 1",   // before every version: the first
        "2026-01-10T09:30:00Z, 1",   // v1 created exactly then
        "2026-02-01T00:00:00Z, 1",
        "2026-02-10T00:00:00Z, 2",   // a change mid-period applies from the next period
        "2026-04-01T00:00:00Z, 3",
    })
    void versionAtAPeriodStart(String start, int version) {
        List<PlanVersion> versions = List.of(plan(1, "100", "NONE", null, T0),
                plan(2, "200", "NONE", null, Instant.parse("2026-02-05T12:00:00Z")),
                plan(3, "300", "FULL", null, Instant.parse("2026-03-01T00:00:00Z")));
        assertEquals(version, RenewalRules.versionAt(versions, Instant.parse(start)).version());
    }

    @Test
    void catchUpIssuesMissedPeriodsInOrderCarryingEachWholeGrant() {
        SubscriptionState s = new SubscriptionState(UUID.randomUUID(), "c", "p", 31, T0, null, "ACTIVE");
        List<Renewal> due = RenewalRules.due(s, List.of(plan(1, "100", "CAPPED", "150", T0)), BigDecimal.ZERO,
                Instant.parse("2026-03-05T00:00:00Z"), 24);
        assertEquals(List.of("2026-01-10T09:30:00Z 2026-01-31T00:00:00Z 100 0",
                "2026-01-31T00:00:00Z 2026-02-28T00:00:00Z 100 100",
                "2026-02-28T00:00:00Z 2026-03-31T00:00:00Z 100 150"),
                due.stream().map(r -> r.periodStart() + " " + r.periodEnd() + " " + r.credits().toPlainString() + " "
                        + r.carried().stripTrailingZeros().toPlainString()).toList());
        assertEquals("plan:" + s.id() + ":2026-01-31T00:00:00Z", due.get(1).grantId());
    }

    @ParameterizedTest(name = "cancel at {0}: {1} periods")
    @CsvSource(nullValues = "-", value = {"-, 3", "2026-02-28T00:00:00Z, 2", "2026-01-31T00:00:00Z, 1",
        "2026-01-10T09:30:00Z, 0"})
    void cancellationStopsRenewals(String cancelAt, int periods) {
        SubscriptionState s = new SubscriptionState(UUID.randomUUID(), "c", "p", 31, T0,
                cancelAt == null ? null : Instant.parse(cancelAt), "ACTIVE");
        assertEquals(periods, RenewalRules.due(s, List.of(plan(1, "100", "NONE", null, T0)), BigDecimal.ZERO,
                Instant.parse("2026-03-05T00:00:00Z"), 24).size());
    }

    private static PlanVersion plan(int version, String credits, String rollover, String max, Instant createdAt) {
        return new PlanVersion("p", version, new BigDecimal(credits), rollover, max == null ? null : new BigDecimal(max),
                10, createdAt);
    }
}
