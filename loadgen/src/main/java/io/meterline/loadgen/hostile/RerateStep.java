package io.meterline.loadgen.hostile;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Step 4 of a hostile run: the test model's INPUT_TOKEN and OUTPUT_TOKEN prices corrected for the window with
 * {@code "rerate": true}, through the PUT alone (no fixture); the job followed with
 * {@code GET /v1/admin/rerate-jobs/{id}} until it is done and checked ({@link RerateCheck}) against the events'
 * credits before and after, the oracle's new prices, the RERATE ledger rows and the balances; events outside the
 * window unchanged. Then the same correction again: a second job that changes nothing.
 */
final class RerateStep {

    private final Http http;
    private final Map<String, String> keys;
    private final Pricing pricing;
    private final HostileOptions options;
    private final PrintStream err;
    private final List<String> failures = new ArrayList<>();
    private int changedEvents;

    RerateStep(Http http, Map<String, String> keys, Pricing pricing, HostileOptions options, PrintStream err) {
        this.http = http;
        this.keys = keys;
        this.pricing = pricing;
        this.options = options;
        this.err = err;
    }

    int changedEvents() {
        return changedEvents;
    }

    List<String> run(Map<Followed, HostileRun.Lookup> last) {
        Map<Followed, BigDecimal> window = new LinkedHashMap<>();
        Map<Followed, BigDecimal> outside = new LinkedHashMap<>();
        last.forEach((f, lookup) -> {
            if (f.firstClaim() && pricing.priceable(f.event()) && "PRICED".equals(lookup.body().path("status").asText())) {
                (pricing.inWindow(f.event()) ? window : outside).put(f, credits(lookup.body()));
            }
        });
        if (window.isEmpty()) {
            return List.of("no PRICED event in the re-rating window: generate more (--events)");
        }
        Map<Followed, BigDecimal> after = job(window, outside, true);
        job(after, outside, false);
        return failures;
    }

    /** One correction, its job awaited and checked; returns the window's credits after it. */
    private Map<Followed, BigDecimal> job(Map<Followed, BigDecimal> window, Map<Followed, BigDecimal> outside,
            boolean first) {
        Map<String, BigDecimal> balances = balances();
        JsonNode put = http.adminOk("PUT", "/v1/admin/rates", Setup.correction(pricing), 202);
        String job = put.path("rerate_job_id").asText();
        JsonNode done = await(job);
        err.printf("[hostile] re-rating job %s: %s%n", first ? "1" : "2 (the same correction)", done);
        Map<Followed, BigDecimal> after = new LinkedHashMap<>();
        List<RerateCheck.Change> changes = new ArrayList<>();
        window.forEach((f, before) -> {
            BigDecimal now = credits(lookup(f));
            after.put(f, now);
            changes.add(new RerateCheck.Change(f.customer(), f.eventId().toString(), before, now));
            BigDecimal want = pricing.credits(f.customer(), f.event(), true);
            if (now.compareTo(want) != 0) {
                failures.add("job " + job + ": event " + f.eventId() + " costs " + now + " after re-rating, the oracle"
                        + " says " + want + ": " + f.event().json(true));
            }
        });
        outside.forEach((f, before) -> {
            BigDecimal now = credits(lookup(f));
            if (now.compareTo(before) != 0) {
                failures.add("job " + job + " changed " + f.eventId() + " outside its window: " + before + " -> " + now);
            }
        });
        Map<String, BigDecimal> moves = new LinkedHashMap<>();
        balances().forEach((customer, balance) -> moves.put(customer, balance.subtract(balances.get(customer))));
        failures.addAll(RerateCheck.check(done, changes, rerateRows(job), moves));
        if (first) {
            changedEvents = (int) changes.stream().filter(c -> c.before().compareTo(c.after()) != 0).count();
            write(job, changes);
        }
        return after;
    }

    private JsonNode await(String job) {
        long deadline = System.nanoTime() + options.patience().toNanos() * 2;
        JsonNode state;
        do {
            HostileRun.sleep(500);
            state = http.adminOk("GET", "/v1/admin/rerate-jobs/" + job, null, 200);
        } while (!"SUCCEEDED".equals(state.path("status").asText()) && !"FAILED".equals(state.path("status").asText())
                && System.nanoTime() < deadline);
        return state;
    }

    private Map<String, BigDecimal> balances() {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (String customer : keys.keySet()) {
            out.put(customer, new BigDecimal(http.adminOk("GET", "/v1/admin/customers/" + customer + "/wallet", null,
                    200).path("balance").asText()));
        }
        return out;
    }

    private Map<String, List<JsonNode>> rerateRows(String job) {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (String customer : keys.keySet()) {
            List<JsonNode> rows = new ArrayList<>();
            JsonNode page = http.adminOk("GET", "/v1/admin/customers/" + customer + "/wallet/transactions?limit=500",
                    null, 200);
            for (JsonNode row : page.path("data")) {
                if ("RERATE".equals(row.path("type").asText())
                        && ("rerate:" + job + ":" + customer).equals(row.path("idempotency_key").asText())) {
                    rows.add(row);
                }
            }
            out.put(customer, rows);
        }
        return out;
    }

    private JsonNode lookup(Followed f) {
        return Http.read(http.customer("GET", "/v1/events/" + f.eventId(), keys.get(f.customer()), null));
    }

    private static BigDecimal credits(JsonNode body) {
        String credits = body.path("credits").asText("");
        return credits.isEmpty() || credits.equals("null") ? BigDecimal.valueOf(-1) : new BigDecimal(credits);
    }

    private void write(String job, List<RerateCheck.Change> changes) {
        if (options.rerated() == null) {
            return;
        }
        StringBuilder out = new StringBuilder();
        changes.stream().filter(c -> c.before().compareTo(c.after()) != 0).forEach(c -> out.append(c.customer())
                .append('\t').append(c.eventId()).append('\t').append(c.before().toPlainString()).append('\t')
                .append(c.after().toPlainString()).append('\t').append(job).append('\n'));
        try {
            Files.writeString(options.rerated(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
