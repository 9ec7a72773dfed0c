package io.meterline.loadgen.client;

import io.meterline.loadgen.generate.Batch;
import io.meterline.loadgen.generate.Customer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private static final byte[] EMPTY_BATCH = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

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
        return post(batch).thenApply(answer -> answer.outcome(batch.events()));
    }

    /** The raw answer to one POST of the batch; never completes exceptionally ({@link Answer#none()}). */
    public CompletableFuture<Answer> post(Batch batch) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Api-Key", batch.customer().apiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> error != null ? Answer.none()
                        : new Answer(response.statusCode(), response.body(), retryAfter(response)));
    }

    /**
     * Opens {@code connections} pooled connections and runs the client's POST path, {@code rounds} times over,
     * with batches the API must refuse (an empty {@code events} array: 400, nothing ingested), so that the
     * measured run neither opens connections nor runs the client's code cold. One request per customer key in
     * turn, so no key nears its rate limit.
     */
    public void prime(List<Customer> customers, int connections, int rounds) {
        int sent = 0;
        for (int round = 0; round < rounds; round++) {
            List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                HttpRequest refused = HttpRequest.newBuilder(endpoint)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("X-Api-Key", customers.get(sent++ % customers.size()).apiKey())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(EMPTY_BATCH))
                        .build();
                calls.add(http.sendAsync(refused, HttpResponse.BodyHandlers.ofByteArray()));
            }
            calls.forEach(call -> call.handle((response, error) -> null).join());
        }
    }

    private static long retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
