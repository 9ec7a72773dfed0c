package io.meterline.loadgen.ops;

import io.meterline.loadgen.generate.Customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The receiving system of auto top-up requests in a chaos run. At the start every customer at an even position
 * gets auto top-up: threshold {@code gap} below its balance then, target that balance (logged as kind
 * {@code auto-top-up}). Then each of them is read every 500 ms (the admin customer view), and a pending request
 * ({@code auto_top_up.pending_request_id}) is answered once by a PURCHASE grant whose {@code grant_id} is the request
 * id, of target - available (at least one credit): that grant re-arms the wallet, so the load crosses the threshold
 * again. Each grant is logged as kind {@code top-up} and retried with its fixed id and body while its outcome is
 * open. A request still pending when the run stops is left unanswered.
 */
final class TopUpReceiver {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long POLL_MS = 500;

    /** A pending request and the grant that answers it. */
    record Pending(String requestId, BigDecimal amount) {
    }

    private final HttpClient http;
    private final RetryingCall call;
    private final ScheduledExecutorService timer;
    private final Function<String, HttpRequest.Builder> admin;
    private final OpsLog log;
    private final List<Customer> covered = new ArrayList<>();
    private final BigDecimal gap;
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final Set<String> polling = ConcurrentHashMap.newKeySet();
    private final List<CompletableFuture<?>> grants = new ArrayList<>();
    private ScheduledFuture<?> poller;

    TopUpReceiver(HttpClient http, RetryingCall call, ScheduledExecutorService timer,
            Function<String, HttpRequest.Builder> admin, OpsLog log, List<Customer> customers, BigDecimal gap) {
        this.http = http;
        this.call = call;
        this.timer = timer;
        this.admin = admin;
        this.log = log;
        this.gap = gap;
        for (int i = 0; i < customers.size(); i++) {
            if (covers(i)) {
                covered.add(customers.get(i));
            }
        }
    }

    /** Whether the customer at this position of the run's list has auto top-up. */
    static boolean covers(int index) {
        return index % 2 == 0;
    }

    /** Switches auto top-up on for every covered customer (read, then PATCH), then polls until {@link #stop}. */
    CompletableFuture<Void> start() {
        CompletableFuture<?>[] set = covered.stream().map(this::switchOn).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(set).thenRun(() -> poller = timer.scheduleWithFixedDelay(this::poll, 0,
                POLL_MS, TimeUnit.MILLISECONDS));
    }

    /** Stops polling; completes once every grant sent is decided. */
    CompletableFuture<Void> stop() {
        if (poller != null) {
            poller.cancel(false);
        }
        synchronized (grants) {
            return CompletableFuture.allOf(grants.toArray(CompletableFuture[]::new));
        }
    }

    private CompletableFuture<?> switchOn(Customer customer) {
        String path = "/v1/admin/customers/" + customer.id();
        return call.send(() -> admin.apply(path).GET().build()).thenCompose(view -> {
            if (view.code() != 'A') {
                log.write("auto-top-up", customer.id(), customer.id(), view.code(), view);
                return CompletableFuture.completedFuture(null);
            }
            String body = settings(view.answer().body(), gap);
            return call.send(() -> admin.apply(path).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build())
                    .thenAccept(result -> log.write("auto-top-up", customer.id(), customer.id(), result.code(), result));
        });
    }

    private void poll() {
        for (Customer customer : covered) {
            if (!polling.add(customer.id())) {
                continue; // the previous read is still out
            }
            http.sendAsync(admin.apply("/v1/admin/customers/" + customer.id()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
                        polling.remove(customer.id());
                        if (error == null && response.statusCode() == 200) {
                            pending(response.body()).filter(p -> answered.add(p.requestId()))
                                    .ifPresent(p -> answer(customer, p));
                        }
                        return null;
                    });
        }
    }

    private void answer(Customer customer, Pending p) {
        String body = "{\"grant_id\":\"" + p.requestId() + "\",\"amount\":\"" + p.amount().toPlainString()
                + "\",\"source\":\"PURCHASE\"}";
        CompletableFuture<?> sent = call.send(() -> admin.apply("/v1/admin/customers/" + customer.id() + "/grants")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build())
                .thenAccept(result -> log.write("top-up", customer.id(), p.requestId(), result.code(), result));
        synchronized (grants) {
            grants.add(sent);
        }
    }

    /** The PATCH body for a customer view: threshold {@code gap} below its balance, target its balance. */
    static String settings(byte[] view, BigDecimal gap) {
        BigDecimal balance = new BigDecimal(tree(view).path("wallet").path("balance").asText());
        return "{\"auto_top_up\":{\"threshold\":\"" + balance.subtract(gap).toPlainString() + "\",\"target\":\""
                + balance.toPlainString() + "\"}}";
    }

    /** The request a customer view shows pending, with target - available as the grant (at least 1); else empty. */
    static Optional<Pending> pending(byte[] view) {
        JsonNode wallet = tree(view).path("wallet");
        JsonNode topUp = wallet.path("auto_top_up");
        String id = topUp.path("pending_request_id").asText(null);
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal available = new BigDecimal(wallet.path("balance").asText())
                .subtract(new BigDecimal(wallet.path("held").asText("0")));
        BigDecimal amount = new BigDecimal(topUp.path("target").asText()).subtract(available).max(BigDecimal.ONE);
        return Optional.of(new Pending(id, amount.stripTrailingZeros()));
    }

    private static JsonNode tree(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a customer view: " + e.getMessage(), e);
        }
    }
}
