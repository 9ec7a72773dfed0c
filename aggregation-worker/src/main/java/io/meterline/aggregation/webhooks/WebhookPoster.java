package io.meterline.aggregation.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.meterline.common.webhook.WebhookAddresses;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Posts one webhook. The host name is resolved here, for every attempt, and the request goes to the address that
 * was checked (the Host header and TLS name stay the URL's), so a name re-pointed at an internal address after
 * registration, or between the check and the connection, reaches nothing. A name with any refused address is
 * refused. Redirects are never followed (a 3xx is a failed attempt); the connection and the whole exchange are
 * time-limited; at most responseExcerptBytes of the answer are read, then the connection is dropped.
 */
@ApplicationScoped
public class WebhookPoster {

    private final Vertx vertx;
    private final HttpClient client;
    private final WebhooksConfig config;

    public WebhookPoster(Vertx vertx, WebhooksConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(Math.max(1, config.batchSize()))
                .setVerifyHost(true).setForceSni(true).setTryUseCompression(false));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Resolves, checks and (unless dry run) posts; never fails: every ending is an {@link Answer}. */
    public Uni<Answer> post(String url, Map<String, String> headers, String body) {
        String problem = WebhookAddresses.urlProblem(url);
        if (problem != null) {
            return Uni.createFrom().item(Answer.refused("url " + problem));
        }
        URI uri = URI.create(url);
        String host = WebhookAddresses.host(uri);
        return Uni.createFrom().item(() -> resolve(host)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(resolved -> {
                    if (resolved.refusal() != null) {
                        return Uni.createFrom().item(Answer.refused(resolved.refusal()));
                    }
                    if (config.dryRun()) {
                        return Uni.createFrom().item(Answer.dryRun());
                    }
                    return send(uri, host, resolved.address(), headers, body);
                });
    }

    private record Resolved(InetAddress address, String refusal) {
    }

    private Resolved resolve(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return new Resolved(null, "host " + host + " does not resolve");
        }
        if (!config.allowPrivate()) {
            for (InetAddress address : addresses) {
                String refusal = WebhookAddresses.refusal(address);
                if (refusal != null) {
                    return new Resolved(null, "address " + address.getHostAddress() + " of " + host + " " + refusal
                            + " (METERLINE_WEBHOOKS_ALLOW_PRIVATE is off)");
                }
            }
        }
        return new Resolved(addresses[0], null);
    }

    private Uni<Answer> send(URI uri, String host, InetAddress address, Map<String, String> headers, String body) {
        int port = WebhookAddresses.port(uri);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
                .setURI(path).setSsl("https".equalsIgnoreCase(uri.getScheme())).setFollowRedirects(false)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.readTimeout().toMillis());
        headers.forEach(options::putHeader);
        options.putHeader("content-type", "application/json");
        long start = System.nanoTime();
        Promise<Answer> done = Promise.promise();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        long deadline = config.connectTimeout().toMillis() + config.readTimeout().toMillis();
        long timer = vertx.setTimer(deadline, id -> {
            if (done.tryComplete(Answer.failed(millisSince(start), "no answer within " + deadline + " ms"))) {
                HttpClientRequest r = request.get();
                if (r != null) {
                    r.reset();
                }
            }
        });
        client.request(options)
                .compose(r -> {
                    request.set(r);
                    return r.send(Buffer.buffer(body, StandardCharsets.UTF_8.name()));
                })
                .onSuccess(response -> read(response, start, done))
                .onFailure(failure -> done.tryComplete(Answer.failed(millisSince(start), describe(failure))));
        return Uni.createFrom().completionStage(done.future().toCompletionStage())
                .eventually(() -> vertx.cancelTimer(timer));
    }

    /** Reads at most the excerpt's length of the body, then answers (and drops the connection if more was coming). */
    private void read(HttpClientResponse response, long start, Promise<Answer> done) {
        int cap = config.responseExcerptBytes();
        Buffer excerpt = Buffer.buffer();
        long retryAfter = retryAfterMillis(response.getHeader("retry-after"));
        Runnable finish = () -> done.tryComplete(Answer.of(response.statusCode(), millisSince(start),
                excerpt.toString(StandardCharsets.UTF_8), retryAfter));
        response.exceptionHandler(failure -> finish.run());
        response.endHandler(ignored -> finish.run());
        response.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            int room = cap - excerpt.length();
            excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.slice(0, Math.max(0, room)));
            if (excerpt.length() >= cap) {
                finish.run();
                response.request().reset();
            }
        });
    }

    /** Retry-After in seconds (an HTTP date is ignored: the backoff schedule applies). */
    static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim())) * 1000;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
