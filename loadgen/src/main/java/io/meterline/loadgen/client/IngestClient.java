package io.meterline.loadgen.client;

import io.meterline.loadgen.generate.Batch;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs batches to {@code /v1/events/ingest} over HTTP/1.1 with the JDK client. The JDK client opens one
 * connection per concurrent request, so the caller's concurrency is the number of connections.
 */
public final class IngestClient implements AutoCloseable {

    public static final String PATH = "/v1/events/ingest";

    private final HttpClient http;
    private final ExecutorService executor;
    private final URI endpoint;
    private final Duration timeout;

    public IngestClient(URI baseUrl, Duration timeout, int threads) {
        this.executor = Executors.newFixedThreadPool(Math.max(2, threads), runnable -> {
            Thread thread = new Thread(runnable, "loadgen-http");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
        this.endpoint = baseUrl.resolve(PATH);
        this.timeout = timeout;
    }

    /** Never completes exceptionally: a transport failure is an {@link IngestOutcome#ioError} outcome. */
    public CompletableFuture<IngestOutcome> send(Batch batch) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Api-Key", batch.customer().apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> error != null
                        ? IngestOutcome.ioError(batch.events())
                        : ResponseParser.parse(response.statusCode(), response.body(), batch.events()));
    }

    /**
     * Opens {@code connections} pooled connections (GETs to the server's liveness check, which ingests nothing),
     * {@code rounds} times over, so that the measured run neither opens connections nor runs the client's code
     * cold.
     */
    public void prime(int connections, int rounds) {
        HttpRequest live = HttpRequest.newBuilder(endpoint.resolve("/q/health/live")).timeout(timeout).GET().build();
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                calls.add(http.sendAsync(live, HttpResponse.BodyHandlers.discarding()));
            }
            calls.forEach(call -> call.handle((response, error) -> null).join());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
