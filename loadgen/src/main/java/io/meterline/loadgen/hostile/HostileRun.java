package io.meterline.loadgen.hostile;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.loadgen.client.Answer;
import io.meterline.loadgen.generate.Customer;

/**
 * A hostile end-to-end run against the running services (docs: scripts/e2e.sh): set-up ({@link Setup}), every
 * generated batch through HTTP ingest, each answer judged ({@link Verdict}), every event not refused followed with
 * {@code GET /v1/events/{id}} until decided ({@link StatusCheck}), re-rating twice ({@link RerateStep}), the audit.
 * Sequential on purpose: the answers, not the throughput, are under test.
 */
public final class HostileRun {

    /** A followed event's last lookup. */
    record Lookup(int status, JsonNode body) {
    }

    private final HostileOptions options;
    private final PrintStream err;
    private final Http http;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> tally = new TreeMap<>();

    public HostileRun(HostileOptions options, PrintStream err) {
        this.options = options;
        this.err = err;
        this.http = new Http(options.url(), options.adminToken());
    }

    /** Returns the summary line; {@link #failed()} tells whether anything went wrong. */
    public String run() {
        long start = System.nanoTime();
        Setup.Result setup = Setup.run(http, options);
        Map<String, String> keys = new HashMap<>();
        setup.customers().forEach(c -> keys.put(c.id(), c.apiKey()));
        List<String> ids = setup.customers().stream().map(Customer::id).toList();
        List<HostileBatch> batches = setup.generator().batches(ids, options.seed(), options.events());
        err.printf("[hostile] seed %d: %d batches for %s, model %s%n", options.seed(), batches.size(), ids,
                setup.pricing().model());
        long phase = System.nanoTime();
        List<Followed> followed = send(batches, keys);
        phase = lap("send_s", phase);
        Map<Followed, Lookup> last = follow(followed, keys, setup.pricing());
        phase = lap("follow_s", phase);
        if (failures.isEmpty()) {
            RerateStep rerate = new RerateStep(http, keys, setup.pricing(), options, err);
            failures.addAll(rerate.run(last));
            tally.put("rerated_events", rerate.changedEvents());
            lap("rerate_s", phase);
        }
        JsonNode audit = http.adminOk("GET", "/v1/admin/audit", null, 200);
        int violations = audit.path("violations").asInt(-1);
        if (violations != 0) {
            failures.add("the audit found " + violations + " violations: " + audit);
        }
        failures.forEach(f -> err.println("[hostile] FAIL " + f));
        StringBuilder line = new StringBuilder("HOSTILE seed=" + options.seed() + " batches=" + batches.size());
        tally.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.append(" audit_violations=").append(violations).append(" failures=").append(failures.size())
                .append(" seconds=").append(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).toString();
    }

    public boolean failed() {
        return !failures.isEmpty();
    }

    /** Step 2: every batch once, in order; the events not refused are returned to be followed. */
    private List<Followed> send(List<HostileBatch> batches, Map<String, String> keys) {
        List<Followed> followed = new ArrayList<>();
        Map<String, UUID> claims = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (HostileBatch batch : batches) {
            Answer answer = http.customer("POST", "/v1/events/ingest", keys.get(batch.customerId()), batch.body());
            Verdict verdict = Verdict.judge(batch, answer);
            count("answer_" + answer.status());
            count("events", batch.events().size());
            verdict.failures().forEach(f -> failures.add("batch of " + batch.customerId() + ": " + f));
            for (int i = 0; i < batch.events().size(); i++) {
                HostileEvent event = batch.events().get(i);
                UUID id = event.eventId();
                if (!verdict.notRefused()[i] || id == null || !seen.add(batch.customerId() + ' ' + id)) {
                    continue;
                }
                UUID claimedBy = claims.putIfAbsent(batch.customerId() + '\u0001' + event.dedupKey(), id);
                followed.add(new Followed(batch.customerId(), id, event, claimedBy == null));
            }
        }
        count("followed", followed.size());
        return followed;
    }

    /** Step 3: looks every followed event up until it is decided or the wait is over, then judges the last answer. */
    private Map<Followed, Lookup> follow(List<Followed> followed, Map<String, String> keys, Pricing pricing) {
        Map<Followed, Lookup> last = new LinkedHashMap<>();
        List<Followed> open = new ArrayList<>(followed);
        long deadline = System.nanoTime() + options.patience().toNanos();
        while (!open.isEmpty()) {
            List<Followed> still = new ArrayList<>();
            for (Followed f : open) {
                Lookup lookup = lookup(f.customer(), f.eventId(), keys);
                last.put(f, lookup);
                if (lookup.status() >= 500) {
                    failures.add("GET /v1/events/" + f.eventId() + " answered " + lookup.status() + ": " + lookup.body());
                } else if (StatusCheck.open(f, lookup.status(), lookup.body(), pricing)) {
                    still.add(f);
                }
            }
            open = still;
            if (!open.isEmpty() && System.nanoTime() > deadline) {
                break;
            }
            if (!open.isEmpty()) {
                sleep(250);
            }
        }
        last.forEach((f, lookup) -> {
            String problem = StatusCheck.problem(f, lookup.status(), lookup.body(), pricing);
            if (problem != null) {
                failures.add(problem);
            }
            count(lookup.status() == 200 ? "status_" + lookup.body().path("status").asText() : "lookup_" + lookup.status());
        });
        return last;
    }

    Lookup lookup(String customer, UUID eventId, Map<String, String> keys) {
        Answer answer = http.customer("GET", "/v1/events/" + eventId, keys.get(customer), null);
        return new Lookup(answer.status(), Http.read(answer));
    }

    /** Records the seconds since {@code since} under {@code key}; returns now. */
    private long lap(String key, long since) {
        long now = System.nanoTime();
        tally.put(key, (int) TimeUnit.NANOSECONDS.toSeconds(now - since));
        return now;
    }

    private void count(String key) {
        count(key, 1);
    }

    private void count(String key, int n) {
        tally.merge(key, n, Integer::sum);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
