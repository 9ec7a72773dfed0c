package io.meterline.loadgen.ops;

import io.meterline.loadgen.generate.Customer;

import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The subscriptions of a chaos run, so that the renewal job issues plan grants while the faults run: the plan first
 * (kind {@code plan}; the same body again answers 200), then every customer subscribed once (kind
 * {@code subscription}, id the customer), spread over the first two thirds of the run. Their starts differ
 * ({@link #startsAt}): seconds ahead (the job issues the first period once it starts) or one to three months back
 * (it catches the missed periods up, each previous grant expired by the renewal), one with anchor day 31.
 */
final class Subscriber {

    /** Monthly credits, rollover and priority of the run's plan: the grants burn first, a little is carried. */
    static final String PLAN = "{\"plan_id\":\"%s\",\"name\":\"Chaos\",\"monthly_credits\":\"2000\","
            + "\"rollover\":\"CAPPED\",\"rollover_max\":\"500\",\"grant_priority\":50}";

    private final RetryingCall call;
    private final ScheduledExecutorService timer;
    private final Function<String, HttpRequest.Builder> admin;
    private final OpsLog log;
    private final String plan;

    Subscriber(RetryingCall call, ScheduledExecutorService timer, Function<String, HttpRequest.Builder> admin,
            OpsLog log, String plan) {
        this.call = call;
        this.timer = timer;
        this.admin = admin;
        this.log = log;
        this.plan = plan;
    }

    /** Creates the plan, then subscribes customer i at (i + 1/2) × window / customers; completes when all are decided. */
    CompletableFuture<Void> run(List<Customer> customers, long windowMillis) {
        CompletableFuture<Void> created = call.send(() -> json(admin.apply("/v1/admin/plans"),
                PLAN.formatted(plan))).thenAccept(result -> log.write("plan", "-", plan, result.code(), result));
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            Customer customer = customers.get(i);
            int index = i;
            long at = Math.round((i + 0.5) * windowMillis / customers.size());
            CompletableFuture<Void> due = new CompletableFuture<>();
            timer.schedule(() -> due.complete(null), at, TimeUnit.MILLISECONDS);
            all.add(created.thenCombine(due, (a, b) -> null).thenCompose(ignored -> subscribe(customer, index)));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> subscribe(Customer customer, int index) {
        String body = body(plan, index, Instant.now());
        return call.send(() -> json(admin.apply("/v1/admin/customers/" + customer.id() + "/subscription"), body))
                .thenAccept(result -> log.write("subscription", customer.id(), customer.id(), code(result), result));
    }

    /** The subscribe request of the customer at this position, made at {@code now}. */
    static String body(String plan, int index, Instant now) {
        String start = startsAt(index, now).toString();
        return index % 4 == 3 ? "{\"plan_id\":\"" + plan + "\",\"starts_at\":\"" + start + "\",\"anchor_day\":31}"
                : "{\"plan_id\":\"" + plan + "\",\"starts_at\":\"" + start + "\"}";
    }

    /** 3 s ahead, or 1, 2, 3 months back (UTC), by position; whole seconds. */
    static Instant startsAt(int index, Instant now) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        int months = index % 4;
        return months == 0 ? second.plusSeconds(3)
                : second.atZone(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    /**
     * A 409 {@code SUBSCRIPTION_EXISTS} after the first attempt is this run's own subscription, made by an attempt
     * whose answer was lost (each customer is subscribed once per run): acknowledged.
     */
    static char code(RetryingCall.Result result) {
        if (result.attempts() > 1 && result.answer().status() == 409
                && new String(result.answer().body(), StandardCharsets.UTF_8).contains("\"SUBSCRIPTION_EXISTS\"")) {
            return 'A';
        }
        return result.code();
    }

    private static HttpRequest json(HttpRequest.Builder request, String body) {
        return request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
