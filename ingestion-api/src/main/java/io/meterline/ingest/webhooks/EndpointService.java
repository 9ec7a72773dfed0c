package io.meterline.ingest.webhooks;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.meterline.common.webhook.WebhookAddresses;
import io.meterline.common.webhook.WebhookEvent;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.meterline.common.webhook.WebhookSignature;
import io.meterline.ingest.customers.CustomerRepository;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.Validator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webhook endpoints: a customer's, or global (the operator's, every customer's events). The signing secret is
 * generated here (SecureRandom, {@code whsec_} + base64 of 32 bytes) and shown once, when created or rotated.
 */
@ApplicationScoped
public class EndpointService {

    static final int MAX_EVENT_TYPES = 50;

    private final Pool pool;
    private final EndpointRepository endpoints;
    private final CustomerRepository customers;
    private final UrlCheck urls;
    private final WebhookAdminConfig config;

    public EndpointService(Pool pool, EndpointRepository endpoints, CustomerRepository customers, UrlCheck urls,
            WebhookAdminConfig config) {
        this.pool = pool;
        this.endpoints = endpoints;
        this.customers = customers;
        this.urls = urls;
        this.config = config;
    }

    public Uni<EndpointView> create(CreateEndpointRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator();
        url(v, request.url(), true);
        List<String> types = eventTypes(v, request.eventTypes(), true);
        v.text("customer_id", request.customerId(), false, 128).freeText("description", request.description(), false,
                1024);
        v.throwIfInvalid();
        Uni<Void> owner = request.customerId() == null ? Uni.createFrom().voidItem()
                : customers.find(pool, request.customerId()).map(row -> {
                    if (row == null) {
                        throw ApiException.invalid("customer_id", "no customer with this id");
                    }
                    return null;
                });
        return owner.flatMap(ignored -> urls.check(request.url()))
                .flatMap(ignored -> endpoints.insert(pool, UUID.randomUUID(), request.customerId(), request.url(),
                        request.description(), types, WebhookSignature.newSecret()))
                .map(row -> EndpointView.of(row, true));
    }

    public Uni<EndpointView> get(String id) {
        return endpoints.find(pool, uuid(id)).map(row -> EndpointView.of(require(row, id), false));
    }

    public Uni<Page<EndpointView>> list(String customerId, String limit, String cursor) {
        int size = Paging.limit(limit);
        Paging.TimeAndId after = Paging.decodeTimeAndId(cursor);
        new Validator().text("customer_id", customerId, false, 128).throwIfInvalid();
        return endpoints.list(pool, customerId, after.time(), after.id(), size + 1)
                .map(rows -> Paging.page(rows, size, row -> EndpointView.of(row, false),
                        row -> Paging.encode(row.createdAt().toString(), row.id().toString())));
    }

    public Uni<EndpointView> update(String id, UpdateEndpointRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        UUID uuid = uuid(id);
        Validator v = new Validator();
        url(v, request.url(), false);
        List<String> types = eventTypes(v, request.eventTypes(), false);
        v.freeText("description", request.description(), false, 1024).throwIfInvalid();
        Uni<Void> checked = request.url() == null ? Uni.createFrom().voidItem() : urls.check(request.url());
        return checked.flatMap(ignored -> endpoints.update(pool, uuid, request.url(), types, request.description()))
                .map(row -> EndpointView.of(require(row, id), false));
    }

    public Uni<EndpointView> setEnabled(String id, boolean enabled) {
        return endpoints.setEnabled(pool, uuid(id), enabled).map(row -> EndpointView.of(require(row, id), false));
    }

    /** A new secret, shown in this answer only; the old one signs alongside it for the overlap (24 h). */
    public Uni<EndpointView> rotate(String id) {
        return endpoints.rotate(pool, uuid(id), WebhookSignature.newSecret(), config.secretOverlap().toMillis())
                .map(row -> EndpointView.of(require(row, id), true));
    }

    /** Queues a webhook.test delivery to this endpoint (enabled), whatever its subscriptions. */
    public Uni<TestSentView> test(String id) {
        UUID uuid = uuid(id);
        return pool.withTransaction(tx -> endpoints.find(tx, uuid).flatMap(row -> {
            require(row, id);
            if (!row.enabled()) {
                throw new ApiException(409, "ENDPOINT_DISABLED", "Endpoint " + id + " is disabled; enable it first");
            }
            JsonObject data = new JsonObject().put("endpoint_id", id).put("customer_id", row.customerId())
                    .put("message", "A test event from Meterline");
            WebhookEvent event = WebhookEvent.of(row.customerId(), WebhookEventTypes.WEBHOOK_TEST, Instant.now(), data);
            return WebhookOutbox.enqueueTo(tx, uuid, event)
                    .map(deliveryId -> new TestSentView(uuid, deliveryId, event.messageId(), event.type()));
        }));
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
    }

    static EndpointRow require(EndpointRow row, String id) {
        if (row == null) {
            throw notFound(id);
        }
        return row;
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("No webhook endpoint with id '" + id + "'");
    }

    private static void url(Validator v, String url, boolean required) {
        v.text("url", url, required, WebhookAddresses.MAX_URL_LENGTH);
        if (url != null && !v.hasErrors()) {
            String problem = WebhookAddresses.urlProblem(url);
            if (problem != null) {
                v.reject("url", "INVALID_URL", problem);
            }
        }
    }

    /** The distinct types, in the order given; null when absent and not required. */
    private static List<String> eventTypes(Validator v, List<String> types, boolean required) {
        if (types == null) {
            if (required) {
                v.reject("event_types", "REQUIRED", "is required: a list of event types, or [\"*\"] for every type");
            }
            return null;
        }
        if (types.isEmpty() || types.size() > MAX_EVENT_TYPES) {
            v.reject("event_types", "INVALID", "must hold 1 to " + MAX_EVENT_TYPES + " event types");
            return null;
        }
        boolean valid = true;
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || !WebhookEventTypes.isSubscribable(type)) {
                v.reject("event_types[" + i + "]", "UNKNOWN_EVENT_TYPE", "must be \"*\" or one of "
                        + String.join(", ", WebhookEventTypes.KNOWN));
                valid = false;
            }
        }
        return valid ? List.copyOf(new LinkedHashSet<>(types)) : null;
    }
}
