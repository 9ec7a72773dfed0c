package io.meterline.loadgen.ops;

import io.meterline.loadgen.client.Refusals;
import io.meterline.loadgen.generate.Customer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The credit operations of a chaos scenario, open loop: operation n starts at start + n / rate for customer
 * n mod customers, whatever happened to the ones before. Out of every ten: four charges (two of them then partly
 * refunded), three reservations (then released, settled by a charge, settled by a usage event), an admin grant
 * (priority 1000, so burns leave it alone; expiring in two days, so it is announced by {@code grant.expiring};
 * with {@code --expiring-grants}, every other one is instead a large priority-0 grant expiring that soon, so burns
 * use part of it and the grants job expires the rest, on customers without auto top-up), a {@code webhook.test} to
 * the endpoint given (another charge without one) and one more charge. Beside them, with {@code --auto-top-up},
 * the {@link TopUpReceiver} answers auto top-up requests, and with {@code --plan} the {@link Subscriber} subscribes
 * every customer. A follow-up
 * (refund, release, settle) starts only once its first step is acknowledged. Every id is new and fixed per
 * operation, so every retry is the same request; what each operation ended as goes to {@link OpsLog}.
 */
public final class OpsRun {

    static final String CHARGE = "0.25";
    static final String REFUND = "0.1";
    static final String HOLD = "2";
    static final String SETTLE = "1";
    static final String GRANT = "3";
    /** Far more than a customer burns in a short-lived grant's seconds, so part of it is always left to expire. */
    static final String EXPIRING_GRANT = "50000";

    private final OpsOptions options;
    private final OpsLog log;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, daemon("ops-http"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("ops-retry"));
    private final RetryingCall call;
    /** For the short-lived grants: retried for half their life at most, never with an expires_at already past. */
    private final RetryingCall shortCall;
    private final TopUpReceiver receiver;
    private final Subscriber subscriber;
    private final String base;

    public OpsRun(OpsOptions options, OpsLog log) {
        this.options = options;
        this.log = log;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
        this.call = new RetryingCall(http, timer, options.retryFor().toNanos());
        this.shortCall = new RetryingCall(http, timer, Math.min(options.retryFor().toNanos(),
                options.expiringGrants().toNanos() / 2));
        this.base = options.url().toString().replaceAll("/$", "");
        this.receiver = options.autoTopUpGap() == null ? null : new TopUpReceiver(http, call, timer, this::admin, log,
                options.customers(), options.autoTopUpGap());
        this.subscriber = options.plan() == null ? null : new Subscriber(call, timer, this::admin, log, options.plan());
    }

    /** Starts every operation on time, then waits for all of them to be decided or given up. */
    public void run() {
        long total = options.operations();
        long period = Math.round(1e9 / options.rate());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<CompletableFuture<?>> all = new ArrayList<>();
        if (receiver != null) {
            all.add(receiver.start());
        }
        if (subscriber != null) {
            all.add(subscriber.run(options.customers(), options.duration().toMillis() * 2 / 3));
        }
        for (int n = 0; n < total; n++) {
            long wait;
            while ((wait = start + n * period - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            all.add(operation(n));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        if (receiver != null) {
            receiver.stop().join();
        }
        timer.shutdownNow();
        executor.shutdownNow();
    }

    private CompletableFuture<?> operation(int n) {
        Customer customer = options.customers().get(n % options.customers().size());
        String id = options.ids() + n;
        return switch (n % 10) {
            case 0, 2 -> charge(customer, "c-" + id, CHARGE, null).thenCompose(acked -> acked
                    ? logged("refund", customer, "r-" + id, customerPost("/v1/refunds", customer, json(
                            "refund_id", "r-" + id, "charge_request_id", "c-" + id, "amount", REFUND,
                            "reason", "chaos")))
                    : done());
            case 4 -> hold(customer, id).thenCompose(acked -> acked ? logged("release", customer, "h-" + id,
                    () -> keyed("/v1/reservations/h-" + id, customer).DELETE().build()) : done());
            case 5 -> hold(customer, id).thenCompose(acked -> acked
                    ? charge(customer, "s-" + id, SETTLE, "h-" + id) : done());
            case 6 -> hold(customer, id).thenCompose(acked -> acked ? settlingEvent(customer, "h-" + id) : done());
            case 7 -> expiring(n) ? shortLived(customer, id) : logged("grant", customer, "g-" + id,
                    adminPost("/v1/admin/customers/" + customer.id() + "/grants", "{\"grant_id\":\"g-" + id
                    + "\",\"amount\":\"" + GRANT + "\",\"source\":\"PROMOTIONAL\",\"priority\":1000,\"expires_at\":\""
                    + Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}"));
            case 8 -> options.webhookId() == null ? charge(customer, "c-" + id, CHARGE, null)
                    : logged("webhook-test", customer, "t-" + id,
                            adminPost("/v1/admin/webhook-endpoints/" + options.webhookId() + "/test", "{}"));
            default -> charge(customer, "c-" + id, CHARGE, null);
        };
    }

    /** Every other grant operation, on a customer without auto top-up (the large grant would mask its crossings). */
    private boolean expiring(int n) {
        return !options.expiringGrants().isZero() && (n / 10) % 2 == 1
                && (receiver == null || !TopUpReceiver.covers(n % options.customers().size()));
    }

    /** A grant drawn first (priority 0) and expiring in --expiring-grants: part burned, the rest expired. */
    private CompletableFuture<Character> shortLived(Customer customer, String id) {
        String body = "{\"grant_id\":\"x-" + id + "\",\"amount\":\"" + EXPIRING_GRANT + "\",\"source\":\"PROMOTIONAL\","
                + "\"priority\":0,\"expires_at\":\"" + Instant.now().plus(options.expiringGrants())
                .truncatedTo(ChronoUnit.MILLIS) + "\"}";
        return shortCall.send(adminPost("/v1/admin/customers/" + customer.id() + "/grants", body)).thenApply(result -> {
            log.write("grant", customer.id(), "x-" + id, result.code(), result);
            return result.code();
        });
    }

    private CompletableFuture<Boolean> charge(Customer customer, String requestId, String amount, String holdId) {
        String body = holdId == null ? json("request_id", requestId, "amount", amount, "feature_id", "chaos")
                : json("request_id", requestId, "amount", amount, "feature_id", "chaos", "reservation_id", holdId);
        return logged("charge", customer, requestId, customerPost("/v1/charges", customer, body))
                .thenApply(code -> code == 'A');
    }

    private CompletableFuture<Boolean> hold(Customer customer, String id) {
        return logged("hold", customer, "h-" + id, customerPost("/v1/reservations", customer,
                "{\"reservation_id\":\"h-" + id + "\",\"estimate\":\"" + HOLD + "\",\"ttl_seconds\":900}"))
                .thenApply(code -> code == 'A');
    }

    /** One usage event naming the reservation: its cost is burned and the hold released by the cost worker. */
    private CompletableFuture<Character> settlingEvent(Customer customer, String holdId) {
        String eventId = UUID.randomUUID().toString();
        String[] model = options.model().split(":", 2);
        String body = "{\"events\":[{\"event_id\":\"" + eventId + "\",\"customer_id\":\"" + customer.id()
                + "\",\"event_type\":\"TOKEN_USAGE\",\"feature_id\":\"chaos\",\"provider\":\"" + model[0]
                + "\",\"model\":\"" + model[1] + "\",\"input_tokens\":1000,\"output_tokens\":200,\"timestamp\":\""
                + Instant.now() + "\",\"reservation_id\":\"" + holdId + "\"}]}";
        return call.send(customerPost("/v1/events/ingest", customer, body)).thenApply(result -> {
            char code = result.code() == 'A' && !Refusals.of(result.answer()).refused().isEmpty() ? 'R' : result.code();
            log.write("event", customer.id(), eventId, code, result);
            log.event(code, customer.id(), eventId);
            return code;
        });
    }

    private CompletableFuture<Character> logged(String kind, Customer customer, String id,
            java.util.function.Supplier<HttpRequest> request) {
        return call.send(request).thenApply(result -> {
            log.write(kind, customer.id(), id, result.code(), result);
            return result.code();
        });
    }

    private java.util.function.Supplier<HttpRequest> customerPost(String path, Customer customer, String body) {
        return () -> keyed(path, customer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private java.util.function.Supplier<HttpRequest> adminPost(String path, String body) {
        return () -> admin(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder admin(String path) {
        return request(path).header("Authorization", "Bearer " + options.adminToken());
    }

    private HttpRequest.Builder keyed(String path, Customer customer) {
        return request(path).header("X-Api-Key", customer.apiKey());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(options.timeout());
    }

    /** A JSON object of string fields; the values here are ids and decimals, which need no escaping. */
    static String json(String... pairs) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            out.append(i == 0 ? "" : ",").append('"').append(pairs[i]).append("\":\"").append(pairs[i + 1]).append('"');
        }
        return out.append('}').toString();
    }

    private static <T> CompletableFuture<T> done() {
        return CompletableFuture.completedFuture(null);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs {@code --credit-ops}; the summary lines go to stdout. */
    public static String main(OpsOptions options) throws IOException {
        try (OpsLog log = new OpsLog(options.outcomes(), options.events())) {
            new OpsRun(options, log).run();
            return log.summary();
        }
    }
}
