package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks one finished re-rating job against what the run saw: its counters and totals equal the per-event
 * differences (credits before and after, from {@code GET /v1/events/{id}}), each wallet with a difference has one
 * RERATE ledger row of Σ (old − new) for {@code event_count} events, the others none, and each balance moved by
 * exactly its row.
 */
public final class RerateCheck {

    /** One PRICED event of the window: its credits before and after the job. */
    public record Change(String customer, String eventId, BigDecimal before, BigDecimal after) {
        boolean changed() {
            return before.compareTo(after) != 0;
        }
    }

    private RerateCheck() {
    }

    /**
     * @param rerateRows per customer, its ledger rows keyed {@code rerate:<job>:<customer>}
     * @param balanceMoves per customer, balance after the job minus before
     */
    public static List<String> check(JsonNode job, List<Change> changes, Map<String, List<JsonNode>> rerateRows,
            Map<String, BigDecimal> balanceMoves) {
        List<String> failures = new ArrayList<>();
        String id = job.path("id").asText();
        if (!"SUCCEEDED".equals(job.path("status").asText())) {
            failures.add("job " + id + " is " + job.path("status").asText());
        }
        Map<String, BigDecimal> owed = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal after = BigDecimal.ZERO;
        for (Change c : changes) {
            if (c.changed()) {
                owed.merge(c.customer(), c.before().subtract(c.after()), BigDecimal::add);
                counts.merge(c.customer(), 1, Integer::sum);
                before = before.add(c.before());
                after = after.add(c.after());
            }
        }
        long changed = counts.values().stream().mapToInt(Integer::intValue).sum();
        expect(failures, id, "rows_examined", job.path("rows_examined").asLong(-1), changes.size());
        expect(failures, id, "rows_changed", job.path("rows_changed").asLong(-1), changed);
        expect(failures, id, "rows_unpriceable", job.path("rows_unpriceable").asLong(-1), 0);
        expect(failures, id, "wallets_settled", job.path("wallets_settled").asLong(-1), owed.size());
        money(failures, id, "old_credits", job.path("old_credits"), before);
        money(failures, id, "new_credits", job.path("new_credits"), after);
        money(failures, id, "credits_difference", job.path("credits_difference"), after.subtract(before));
        for (Map.Entry<String, BigDecimal> move : balanceMoves.entrySet()) {
            String customer = move.getKey();
            List<JsonNode> rows = rerateRows.getOrDefault(customer, List.of());
            BigDecimal want = owed.getOrDefault(customer, BigDecimal.ZERO);
            if (!owed.containsKey(customer)) {
                if (!rows.isEmpty()) {
                    failures.add("job " + id + ": RERATE rows for " + customer + ", which had no difference: " + rows);
                }
            } else if (rows.size() != 1) {
                failures.add("job " + id + ": " + rows.size() + " RERATE rows for " + customer + ", expected one");
            } else {
                money(failures, id, customer + " RERATE amount", rows.get(0).path("amount"), want);
                expect(failures, id, customer + " RERATE event_count", rows.get(0).path("event_count").asLong(-1),
                        counts.get(customer));
            }
            if (move.getValue().compareTo(want) != 0) {
                failures.add("job " + id + ": the balance of " + customer + " moved by " + move.getValue()
                        + ", its events by " + want);
            }
        }
        return failures;
    }

    private static void expect(List<String> failures, String job, String what, long got, long want) {
        if (got != want) {
            failures.add("job " + job + ": " + what + " = " + got + ", expected " + want);
        }
    }

    private static void money(List<String> failures, String job, String what, JsonNode got, BigDecimal want) {
        BigDecimal value;
        try {
            value = new BigDecimal(got.asText());
        } catch (NumberFormatException e) {
            failures.add("job " + job + ": " + what + " is not a decimal: " + got);
            return;
        }
        if (value.compareTo(want) != 0) {
            failures.add("job " + job + ": " + what + " = " + value + ", the events add up to " + want);
        }
    }
}
