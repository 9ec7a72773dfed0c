package io.meterline.sdk;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Meterline client: {@link #track} queues an event and returns at once; a background thread sends batches
 * (gzip, up to 1000 events or 5 MiB, every flush interval) and retries them safely; {@link #flush} and
 * {@link #close} deliver what is queued (close also runs on JVM shutdown unless disabled). Thread-safe; one
 * client per process and API key is the intended use.
 *
 * <pre>{@code
 * try (MeterlineClient meterline = MeterlineClient.builder("http://127.0.0.1:8080", apiKey).customerId("acme").build()) {
 *     meterline.track(Providers.openAi(chatCompletionJson).featureId("chat").userId("u-42").build());
 * }
 * }</pre>
 */
public final class MeterlineClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.meterline.sdk");
    private static final TypeReference<List<Map<String, Object>>> DETAILS = new TypeReference<>() { };

    private final Builder options;
    private final URI baseUrl;
    private final HttpClient http;
    private final BlockingQueue<Queued> queue;
    private final Counters counters = new Counters();
    private final Flusher flusher;
    private final Thread thread;
    private final Thread shutdownHook;
    private final Object enqueueLock = new Object();
    private long lastSeq;
    private volatile boolean closed;

    private MeterlineClient(Builder b) {
        this.options = b;
        this.baseUrl = URI.create(b.baseUrl.endsWith("/") ? b.baseUrl : b.baseUrl + "/");
        this.http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.queue = new LinkedBlockingQueue<>(b.maxQueueSize);
        this.flusher = new Flusher(queue, new IngestSender(http, baseUrl, b.apiKey, b.gzip, b.requestTimeout), counters,
                b.onError, new Backoff(b.initialBackoff, b.maxBackoff), b.maxRetries, b.maxBatchEvents,
                b.maxBatchBytes, b.flushInterval);
        this.thread = new Thread(flusher, "meterline-flusher");
        thread.setDaemon(true);
        thread.start();
        this.shutdownHook = b.shutdownHook ? new Thread(() -> close(b.shutdownTimeout), "meterline-shutdown") : null;
        if (shutdownHook != null) Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder(String baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    /**
     * Queues the event and returns it as it will be sent: with its {@code event_id} (a new UUID unless set), its
     * timestamp (now unless set) and the client's customer id (unless set). When the queue is full it blocks, drops
     * (reporting {@code QUEUE_FULL}) or throws {@link QueueFullException}, as configured.
     *
     * @throws IllegalArgumentException when a field the API always requires is missing (customer, feature)
     * @throws IllegalStateException    after {@link #close}
     */
    public UsageEvent track(UsageEvent event) {
        if (closed) throw new IllegalStateException("the Meterline client is closed");
        UsageEvent e = event.completed(options.customerId, Instant.now());
        if (e.customerId() == null || e.customerId().isBlank()) {
            throw new IllegalArgumentException("customer_id is required: set it on the event or on the client");
        }
        if (e.featureId() == null || e.featureId().isBlank()) {
            throw new IllegalArgumentException("feature_id is required");
        }
        byte[] json = Json.write(e);
        synchronized (enqueueLock) {
            Queued q = new Queued(e, json, lastSeq + 1);
            if (!queue.offer(q)) {
                switch (options.onFull) {
                    case DROP -> {
                        counters.dropped.incrementAndGet();
                        Flusher.report(options.onError, new DeliveryError(e, 0, "QUEUE_FULL", null,
                                "the queue holds " + options.maxQueueSize + " events; this one was dropped"));
                        return e;
                    }
                    case RAISE -> throw new QueueFullException(options.maxQueueSize);
                    case BLOCK -> {
                        try {
                            queue.put(q);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted while waiting for room in the queue", ex);
                        }
                    }
                }
            }
            lastSeq = q.seq();
            counters.enqueued.incrementAndGet();
        }
        return e;
    }

    /** Sends everything tracked so far now, and waits until it is settled (sent or reported); true if in time. */
    public boolean flush(Duration timeout) {
        long upTo;
        synchronized (enqueueLock) {
            upTo = lastSeq;
        }
        try {
            return flusher.awaitSettled(upTo, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean flush() {
        return flush(options.shutdownTimeout);
    }

    /**
     * Stops accepting events, delivers what is queued and stops the flusher. Returns false if the timeout passed
     * first; the flusher then keeps delivering in the background (it is a daemon thread) for as long as the JVM runs.
     */
    public boolean close(Duration timeout) {
        closed = true;
        flusher.close();
        boolean done;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            done = !thread.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (!done) {
            LOG.log(System.Logger.Level.WARNING, "meterline: {0} events not yet delivered at close", counters.snapshot().queued());
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will run; it finds the client closed
            }
        }
        return done;
    }

    @Override
    public void close() {
        close(options.shutdownTimeout);
    }

    public Metrics metrics() {
        return counters.snapshot();
    }

    /** {@code GET /v1/balance}. */
    public Balance balance() {
        return balance(null);
    }

    /**
     * Whether the balance covers {@code estimate} credits ({@code GET /v1/balance?estimate=}; nothing is reserved,
     * so two concurrent callers may both be told yes).
     */
    public boolean canSpend(BigDecimal estimate) {
        Objects.requireNonNull(estimate, "estimate");
        return balance(estimate).canSpend();
    }

    public Balance balance(BigDecimal estimate) {
        String query = estimate == null ? "" : "?estimate=" + URLEncoder.encode(estimate.toPlainString(), StandardCharsets.UTF_8);
        JsonNode n = get("v1/balance" + query).orElseThrow(() -> new MeterlineException(404, "NOT_FOUND", "no balance", null, null));
        return new Balance(Json.decimal(n, "balance"), Json.text(n, "currency"), n.path("low_balance").asBoolean(),
                n.path("can_spend").asBoolean(), Json.decimal(n, "estimate"));
    }

    /** {@code GET /v1/events/{id}}; empty when the API does not know the event (yet). */
    public Optional<EventStatus> eventStatus(UUID eventId) {
        return get("v1/events/" + eventId).map(n -> new EventStatus(Json.uuid(n, "event_id"), Json.text(n, "status"),
                Json.decimal(n, "cost_usd"), Json.decimal(n, "credits"), Json.text(n, "event_type"),
                Json.text(n, "feature_id"), Json.text(n, "provider"), Json.text(n, "model"), Json.text(n, "timestamp"),
                Json.text(n, "received_at"), Json.text(n, "processed_at"), Json.text(n, "batch_id"),
                Json.text(n, "reason")));
    }

    private Optional<JsonNode> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(options.requestTimeout)
                .header("X-Api-Key", options.apiKey).header("Accept", "application/json").GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MeterlineException(0, "NETWORK_ERROR", e.toString(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeterlineException(0, "NETWORK_ERROR", "interrupted", null, e);
        }
        JsonNode body = Json.read(response.body());
        if (response.statusCode() == 200) return Optional.of(body);
        if (response.statusCode() == 404 && path.startsWith("v1/events/")) return Optional.empty();
        List<Map<String, Object>> details = body.path("details").isArray()
                ? Json.MAPPER.convertValue(body.get("details"), DETAILS) : List.of();
        throw new MeterlineException(response.statusCode(), body.path("error").asText("HTTP_" + response.statusCode()),
                body.path("message").asText(""), details, null);
    }

    /** Options; every one has a default except the base URL and the API key. */
    public static final class Builder {
        private final String baseUrl;
        private final String apiKey;
        private String customerId;
        private Duration flushInterval = Duration.ofSeconds(1);
        private int maxBatchEvents = 1000;
        private long maxBatchBytes = 5L * 1024 * 1024;
        private int maxQueueSize = 100_000;
        private OnFull onFull = OnFull.BLOCK;
        private boolean gzip = true;
        private int maxRetries = 10;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private boolean shutdownHook = true;
        private Consumer<DeliveryError> onError = e -> LOG.log(System.Logger.Level.WARNING,
                "meterline: event {0} not delivered: {1} {2} {3}", e.event().eventId(), e.code(),
                e.field() == null ? "" : e.field(), e.message());
        private HttpClient httpClient;

        private Builder(String baseUrl, String apiKey) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        /** The customer of events that do not name one (normally the API key's customer). */
        public Builder customerId(String v) { customerId = v; return this; }
        public Builder flushInterval(Duration v) { flushInterval = v; return this; }
        /** At most 1000 (the API's limit). */
        public Builder maxBatchEvents(int v) { maxBatchEvents = v; return this; }
        /** JSON bytes per batch before gzip; at most the API's 5 MiB. */
        public Builder maxBatchBytes(long v) { maxBatchBytes = v; return this; }
        public Builder maxQueueSize(int v) { maxQueueSize = v; return this; }
        public Builder onFull(OnFull v) { onFull = v; return this; }
        public Builder gzip(boolean v) { gzip = v; return this; }
        /** Re-sends of one batch before its events are reported RETRIES_EXHAUSTED. */
        public Builder maxRetries(int v) { maxRetries = v; return this; }
        public Builder initialBackoff(Duration v) { initialBackoff = v; return this; }
        public Builder maxBackoff(Duration v) { maxBackoff = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        /** How long flush() without argument, close() and the shutdown hook wait. */
        public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
        /** Close (deliver what is queued) when the JVM shuts down; on by default. */
        public Builder shutdownHook(boolean v) { shutdownHook = v; return this; }
        /** Called, on the flusher thread, for every event given up on; the default logs a warning. */
        public Builder onError(Consumer<DeliveryError> v) { onError = Objects.requireNonNull(v); return this; }
        public Builder httpClient(HttpClient v) { httpClient = v; return this; }

        public MeterlineClient build() {
            if (maxBatchEvents < 1 || maxBatchEvents > 1000) throw new IllegalArgumentException("maxBatchEvents must be 1..1000");
            if (maxBatchBytes < 1024 || maxBatchBytes > 5L * 1024 * 1024) throw new IllegalArgumentException("maxBatchBytes must be 1 KiB..5 MiB");
            if (maxQueueSize < 1) throw new IllegalArgumentException("maxQueueSize must be positive");
            if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
            return new MeterlineClient(this);
        }
    }
}
