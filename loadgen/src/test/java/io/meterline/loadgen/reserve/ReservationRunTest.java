package io.meterline.loadgen.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.meterline.loadgen.generate.Customer;

/**
 * The reservations mode's schedule and accounting, against a stand-in HTTP server (this is the load generator's
 * own behaviour, not the API's: every hold sent once, closes by the closing customers, a request without an
 * answer counted as failed and never holding the run open).
 */
class ReservationRunTest {

    private static final Pattern RESULT = Pattern.compile("(\\w+)=([0-9.]+)");

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> holdsById = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A stand-in API: 201 for a hold or a charge, 200 for a release, except the holds {@code silent} names. */
    private URI serve(Predicate<String> silent) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            requests.add(request);
            if (request.equals("POST /v1/reservations")) {
                String id = body.replaceAll(".*\"reservation_id\":\"([^\"]+)\".*", "$1");
                holdsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (silent.test(id)) {
                    return; // never answered: the client's time-out must end it
                }
                answer(exchange, 201);
            } else {
                answer(exchange, exchange.getRequestMethod().equals("DELETE") ? 200 : 201);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
        exchange.close();
    }

    private static ReservationOptions options(URI url, double closingShare, Duration timeout) {
        return new ReservationOptions(url, List.of(new Customer("c1", "k1"), new Customer("c2", "k2")), 200,
                Duration.ofMillis(500), Duration.ofMillis(250), closingShare, "1.5", 8, timeout, 7, false);
    }

    private static Map<String, String> result(String summary) {
        String line = summary.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
        Map<String, String> values = new ConcurrentHashMap<>();
        Matcher m = RESULT.matcher(line);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    @Test
    void everyHoldIsSentOnceAndTheClosingCustomerClosesEachOfItsHolds() throws Exception {
        URI url = serve(id -> false);
        String summary = new ReservationRun(options(url, 0.5, Duration.ofSeconds(5)),
                new PrintStream(new ByteArrayOutputStream())).run();
        Map<String, String> r = result(summary);
        // 250 ms of warm-up and 500 ms measured at 200/s: 50 + 100 holds sent, 100 counted
        assertEquals(150, holdsById.size(), "distinct holds sent");
        assertTrue(holdsById.values().stream().allMatch(n -> n.get() == 1), "no hold sent twice");
        assertEquals("100", r.get("holds"));
        assertEquals("100", r.get("created"));
        assertEquals("0", r.get("failed"));
        // customer c1 (index 0) closes: every other hold, alternately released and settled
        long releases = requests.stream().filter(q -> q.startsWith("DELETE /v1/reservations/lg-7-")).count();
        long charges = requests.stream().filter(q -> q.equals("POST /v1/charges")).count();
        assertEquals(75, releases + charges, "one close per hold of the closing customer");
        assertEquals("50", r.get("closes"), "measured closes");
    }

    @Test
    void aHoldNeverAnsweredIsCountedAsFailedAndTheRunEnds() throws Exception {
        URI url = serve(id -> id.equals("lg-7-120"));
        String summary = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> new ReservationRun(
                options(url, 0, Duration.ofSeconds(1)), new PrintStream(new ByteArrayOutputStream())).run());
        Map<String, String> r = result(summary);
        assertEquals("100", r.get("holds"));
        assertEquals("99", r.get("created"));
        assertEquals("1", r.get("failed"));
    }
}
