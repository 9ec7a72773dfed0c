package io.meterline.loadgen.reserve;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The reservations mode's HTTP/1.1 client: at most {@code connections} keep-alive connections, all on ONE Vert.x
 * event loop, no thread per request. The JDK client it replaces cost ≈ 2 ms of CPU per request in this process
 * (selector thread, executor hand-offs, a CompletableFuture chain per exchange); measuring the server needs a
 * client that costs much less than the server.
 *
 * <p>A request is never failed by this class: a transport failure or time-out completes with status 0, like
 * the events mode's {@code IO_ERROR}.
 */
final class HoldClient implements AutoCloseable {

    /** What {@link #send} completes with when the HTTP client gave it no outcome at all (reported as 0). */
    private static final int NO_OUTCOME = -1;

    private final Vertx vertx;
    private final HttpClient http;
    private final String basePath;
    private final long timeoutMillis;
    private final Consumer<Throwable> onFailure;

    /** {@code onFailure} hears of every request that got no answer (on the event loop). */
    HoldClient(URI baseUrl, int connections, Duration timeout, Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        int port = baseUrl.getPort() > 0 ? baseUrl.getPort() : ("https".equals(baseUrl.getScheme()) ? 443 : 80);
        HttpClientOptions options = new HttpClientOptions().setDefaultHost(baseUrl.getHost()).setDefaultPort(port)
                .setSsl("https".equals(baseUrl.getScheme())).setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(5_000);
        this.http = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections)
                .setMaxWaitQueueSize(-1));
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.timeoutMillis = timeout.toMillis();
    }

    /** The status of {@code method path} with the API key (and the JSON body, if any); 0 when none came. */
    CompletableFuture<Integer> send(HttpMethod method, String path, String apiKey, String jsonBody) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Api-Key", apiKey);
        if (jsonBody != null) {
            headers.add("Content-Type", "application/json");
        }
        RequestOptions request = new RequestOptions().setMethod(method).setURI(basePath + path).setHeaders(headers)
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        http.request(request)
                .compose(req -> jsonBody == null ? req.send() : req.send(Buffer.buffer(jsonBody)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(answer -> {
                    if (answer.succeeded()) {
                        status.complete(answer.result());
                    } else {
                        onFailure.accept(answer.cause());
                        status.complete(0);
                    }
                });
        // The last resort, outside Vert.x: a request still without an outcome a second after its time-out ends
        // as no answer. Seen three times at 2,000 holds/s (sessions 9 and 13): the API had answered as many holds
        // as the run sends, the client had no connection left and one request waiting in its connection pool
        // (a heap histogram), neither time-out failed it, and the run never ended.
        return status.completeOnTimeout(NO_OUTCOME, timeoutMillis + 1_000, TimeUnit.MILLISECONDS).thenApply(answer -> {
            if (answer != NO_OUTCOME) {
                return answer;
            }
            onFailure.accept(new TimeoutException("no outcome from the HTTP client " + (timeoutMillis + 1_000)
                    + " ms after the request"));
            return 0;
        });
    }

    @Override
    public void close() {
        http.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
