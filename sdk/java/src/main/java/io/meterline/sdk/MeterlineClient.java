package io.meterline.sdk;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

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

    private final Duration shutdownTimeout;
    private final Tracker tracker;
    private final DirectCalls direct;

    private MeterlineClient(Builder b) {
        URI baseUrl = URI.create(b.baseUrl.endsWith("/") ? b.baseUrl : b.baseUrl + "/");
        HttpClient http = b.httpClient != null ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
        this.shutdownTimeout = b.shutdownTimeout;
        this.tracker = new Tracker(b, new IngestSender(http, baseUrl, b.apiKey, b.gzip, b.requestTimeout));
        this.direct = new DirectCalls(new DirectTransport(http, baseUrl, b.apiKey, b.requestTimeout,
                new Backoff(b.initialBackoff, b.maxBackoff), b.directRetries));
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
        return tracker.track(event);
    }

    /** Sends everything tracked so far now, and waits until it is settled (sent or reported); true if in time. */
    public boolean flush(Duration timeout) {
        return tracker.flush(timeout);
    }

    public boolean flush() {
        return flush(shutdownTimeout);
    }

    /**
     * Stops accepting events, delivers what is queued and stops the flusher. Returns false if the timeout passed
     * first; the flusher then keeps delivering in the background (it is a daemon thread) for as long as the JVM runs.
     */
    public boolean close(Duration timeout) {
        return tracker.close(timeout);
    }

    @Override
    public void close() {
        close(shutdownTimeout);
    }

    public Metrics metrics() {
        return tracker.metrics();
    }

    /** {@code GET /v1/balance}. */
    public Balance balance() {
        return balance(null);
    }

    /**
     * Whether the available credits (balance − open reservations; always true in SOFT spend mode) cover
     * {@code estimate} ({@code GET /v1/balance?estimate=}). Nothing is held, so two concurrent callers may both be
     * told yes: {@link #reserve} holds the credits.
     */
    public boolean canSpend(BigDecimal estimate) {
        Objects.requireNonNull(estimate, "estimate");
        return balance(estimate).canSpend();
    }

    public Balance balance(BigDecimal estimate) {
        return direct.balance(estimate);
    }

    /** {@code GET /v1/events/{id}}; empty when the API does not know the event (yet). */
    public Optional<EventStatus> eventStatus(UUID eventId) {
        return direct.eventStatus(eventId);
    }

    /**
     * {@code POST /v1/charges}: charges {@code amount} credits now, under a generated request id (see
     * {@link #charge(ChargeRequest)}).
     */
    public Charge charge(BigDecimal amount) {
        return charge(ChargeRequest.of(amount));
    }

    /**
     * {@code POST /v1/charges}: the charge (created, or the original one for a request id already charged). The
     * request id (generated when not set) is fixed before the first attempt and re-sent by the retries (network
     * error, 429, 503), so the charge happens once.
     *
     * @throws InsufficientCreditsException a HARD-mode wallet whose available credits do not cover it (402)
     * @throws MeterlineException           409 IDEMPOTENCY_CONFLICT (the request id was used for another amount or
     *                                      feature), 422 (a field, named in details), and other error answers
     */
    public Charge charge(ChargeRequest request) {
        return direct.charge(request);
    }

    /** {@code GET /v1/charges/{request_id}}; empty when the customer has no such charge. */
    public Optional<Charge> getCharge(String requestId) {
        return direct.getCharge(requestId);
    }

    /**
     * {@code POST /v1/refunds}: refunds a charge or a priced usage event, once per refund id (generated when not set,
     * re-sent by the retries). 422 {@code REFUND_EXCEEDS_ORIGINAL} and the other error answers throw.
     */
    public Refund refund(RefundRequest request) {
        return direct.refund(request);
    }

    /** {@code POST /v1/reservations} with a generated reservation id and the API's default TTL. */
    public Reservation reserve(BigDecimal estimate) {
        return reserve(estimate, ReserveOptions.defaults());
    }

    /**
     * {@code POST /v1/reservations}: holds {@code estimate} credits until a usage event or charge naming the
     * reservation settles it, it is released or it expires. The reservation id (generated when not set) is fixed
     * before the first attempt and re-sent by the retries, so one call holds once.
     *
     * @throws InsufficientCreditsException a HARD-mode wallet whose available credits are below the estimate (402)
     */
    public Reservation reserve(BigDecimal estimate, ReserveOptions options) {
        return direct.reserve(estimate, options);
    }

    /**
     * {@code DELETE /v1/reservations/{id}}: the reservation, now RELEASED (again for one already released).
     *
     * @throws MeterlineException 409 RESERVATION_CLOSED for a settled or expired one, 404 for an unknown one
     */
    public Reservation release(String reservationId) {
        return direct.release(reservationId);
    }

    /** {@code GET /v1/reservations/{id}}; empty when the customer has no such reservation. */
    public Optional<Reservation> getReservation(String reservationId) {
        return direct.getReservation(reservationId);
    }

    /**
     * Options; every one has a default except the base URL and the API key. The fields are package-private because
     * {@link Tracker} reads the ones of the event queue.
     */
    public static final class Builder {
        final String baseUrl;
        final String apiKey;
        String customerId;
        Duration flushInterval = Duration.ofSeconds(1);
        int maxBatchEvents = 1000;
        long maxBatchBytes = 5L * 1024 * 1024;
        int maxQueueSize = 100_000;
        OnFull onFull = OnFull.BLOCK;
        boolean gzip = true;
        int maxRetries = 10;
        Duration initialBackoff = Duration.ofMillis(200);
        Duration maxBackoff = Duration.ofSeconds(30);
        Duration requestTimeout = Duration.ofSeconds(30);
        Duration connectTimeout = Duration.ofSeconds(10);
        Duration shutdownTimeout = Duration.ofSeconds(30);
        boolean shutdownHook = true;
        Consumer<DeliveryError> onError = e -> LOG.log(System.Logger.Level.WARNING,
                "meterline: event {0} not delivered: {1} {2} {3}", e.event().eventId(), e.code(),
                e.field() == null ? "" : e.field(), e.message());
        int directRetries = 3;
        HttpClient httpClient;

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
        /** Re-sends of a direct call (charge, refund, reserve, ...) after a network error, 429 or 503; default 3. */
        public Builder directRetries(int v) { directRetries = v; return this; }

        public MeterlineClient build() {
            if (maxBatchEvents < 1 || maxBatchEvents > 1000) throw new IllegalArgumentException("maxBatchEvents must be 1..1000");
            if (maxBatchBytes < 1024 || maxBatchBytes > 5L * 1024 * 1024) throw new IllegalArgumentException("maxBatchBytes must be 1 KiB..5 MiB");
            if (maxQueueSize < 1) throw new IllegalArgumentException("maxQueueSize must be positive");
            if (directRetries < 0) throw new IllegalArgumentException("directRetries must be >= 0");
            if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0");
            return new MeterlineClient(this);
        }
    }
}
