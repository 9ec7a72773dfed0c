package io.meterline.aggregation.renewals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.billing.BillingPeriods;
import io.meterline.common.billing.BillingPeriods.Period;

/**
 * What a renewal grants, as pure functions shared by the run and the dry run (so the dry run shows what the run
 * would do). The plan version of a period is the newest one created at or before the period's start (a change
 * applies from the next period), or the first version when all are newer. That version decides everything of its
 * period: credits, rollover and priority.
 */
public final class RenewalRules {

    private RenewalRules() {
    }

    /** What rollover carries of a previous grant's unused rest: NONE nothing, CAPPED at most max, FULL all. */
    public static BigDecimal carry(String rollover, BigDecimal max, BigDecimal unused) {
        if (unused.signum() <= 0) {
            return BigDecimal.ZERO;
        }
        return switch (rollover) {
            case "NONE" -> BigDecimal.ZERO;
            case "CAPPED" -> unused.min(max);
            case "FULL" -> unused;
            default -> throw new IllegalArgumentException("unknown rollover " + rollover);
        };
    }

    /** The version of a plan that governs the period starting at {@code start}; versions in ascending order. */
    public static PlanVersion versionAt(List<PlanVersion> versions, Instant start) {
        PlanVersion chosen = versions.get(0);
        for (PlanVersion v : versions) {
            if (!v.createdAt().isAfter(start)) {
                chosen = v;
            }
        }
        return chosen;
    }

    /** The renewal of the period starting at {@code start}, given what the previous grant left unused. */
    public static Renewal renewal(SubscriptionState s, List<PlanVersion> versions, Instant start, BigDecimal unused) {
        Period period = BillingPeriods.startingAt(start, s.anchorDay());
        PlanVersion v = versionAt(versions, start);
        BigDecimal carried = carry(v.rollover(), v.rolloverMax(), unused);
        return new Renewal(s.customerId(), s.id(), v.planId(), v.version(), period.start(), period.end(),
                v.monthlyCredits(), carried, v.monthlyCredits().add(carried), v.grantPriority(),
                Renewal.grantId(s.id(), period.start()));
    }

    /**
     * Every period due at {@code now}, in order, each carrying from the one before. A period issued in catch-up
     * has ended or is about to, and nothing can have been spent from its grant (the ledger spends only grants
     * before their expiry), so its whole grant is the next one's unused rest, as the run will find it.
     */
    public static List<Renewal> due(SubscriptionState s, List<PlanVersion> versions, BigDecimal unused, Instant now,
            int max) {
        List<Renewal> out = new ArrayList<>();
        Instant start = s.nextPeriodStart();
        BigDecimal left = unused;
        while (out.size() < max && s.issues(start, now)) {
            Renewal r = renewal(s, versions, start, left);
            out.add(r);
            left = r.granted();
            start = r.periodEnd();
        }
        return out;
    }
}
