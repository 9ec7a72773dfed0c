package io.meterline.sdk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server standing in for the ingest API: it answers from a script (one answer per request, then the
 * default) and records every request body, inflated. {@link #DROP} closes the connection without an answer.
 */
final class FakeApi implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, String body) {
    }

    record Request(String method, String path, Map<String, List<String>> headers, JsonNode body) {
        List<String> eventIds() {
            List<String> ids = new ArrayList<>();
            body.path("events").forEach(e -> ids.add(e.path("event_id").asText()));
            return ids;
        }
    }

    static final Answer DROP = new Answer(-1, Map.of(), "");

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedQueue<Function<Request, Answer>> script = new ConcurrentLinkedQueue<>();
    private volatile Function<Request, Answer> fallback = FakeApi::acceptAll;
    private final HttpServer server;

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeApi then(Answer answer) {
        script.add(r -> answer);
        return this;
    }

    FakeApi then(Function<Request, Answer> answer) {
        script.add(answer);
        return this;
    }

    FakeApi otherwise(Function<Request, Answer> answer) {
        fallback = answer;
        return this;
    }

    static Answer json(int status, String body) {
        return new Answer(status, Map.of(), body);
    }

    static Answer json(int status, String body, String retryAfter) {
        return new Answer(status, Map.of("Retry-After", retryAfter), body);
    }

    static Answer acceptAll(Request r) {
        int n = r.body().path("events").size();
        return json(202, "{\"batch_id\":\"5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f\",\"status\":\"accepted\",\"accepted\":" + n
                + ",\"duplicates\":0,\"rejected\":0,\"errors\":[]}");
    }

    List<String> ingestedIds() {
        List<String> ids = new ArrayList<>();
        synchronized (requests) {
            requests.stream().filter(r -> r.path().equals("/v1/events/ingest")).forEach(r -> ids.addAll(r.eventIds()));
        }
        return ids;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        InputStream in = new ByteArrayInputStream(raw);
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) in = new GZIPInputStream(in);
        byte[] body = in.readAllBytes();
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString()
                .replaceFirst("\\?.*", ""), Map.copyOf(exchange.getRequestHeaders()),
                body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body));
        requests.add(request);
        Function<Request, Answer> next = script.poll();
        Answer answer = (next != null ? next : fallback).apply(request);
        if (answer.status() < 0) {
            exchange.close(); // no status line: the client sees a network error
            return;
        }
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
