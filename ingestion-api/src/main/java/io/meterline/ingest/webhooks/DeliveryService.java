package io.meterline.ingest.webhooks;

import static io.meterline.ingest.webhooks.EndpointService.require;
import static io.meterline.ingest.webhooks.EndpointService.uuid;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** An endpoint's delivery log, with every attempt, and manual redelivery. */
@ApplicationScoped
public class DeliveryService {

    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED", "DRY_RUN");

    private final Pool pool;
    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;

    public DeliveryService(Pool pool, EndpointRepository endpoints, DeliveryRepository deliveries) {
        this.pool = pool;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
    }

    public Uni<Page<DeliveryView>> list(String endpointId, String status, String limit, String cursor) {
        UUID endpoint = uuid(endpointId);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of PENDING, DELIVERED, FAILED, DRY_RUN");
        }
        int size = Paging.limit(limit);
        Paging.TimeAndId before = Paging.decodeTimeAndId(cursor);
        return endpoints.find(pool, endpoint).map(row -> require(row, endpointId))
                .flatMap(ignored -> deliveries.list(pool, endpoint, status, before.time(), before.id(), size + 1))
                .flatMap(rows -> {
                    List<UUID> ids = rows.stream().map(DeliveryView::deliveryId).toList();
                    Uni<Map<UUID, List<DeliveryView.AttemptView>>> attempts = ids.isEmpty()
                            ? Uni.createFrom().item(Map.of()) : deliveries.attempts(pool, ids);
                    return attempts.map(byDelivery -> Paging.page(rows, size,
                            d -> d.withAttempts(byDelivery.getOrDefault(d.deliveryId(), List.of())),
                            d -> Paging.encode(d.createdAt().toString(), d.deliveryId().toString())));
                });
    }

    /**
     * Sends the delivery again, same webhook-id and body, with a fresh round of attempts. A delivery of a disabled
     * endpoint waits until the endpoint is enabled.
     */
    public Uni<DeliveryView> redeliver(String endpointId, String deliveryId) {
        UUID endpoint = uuid(endpointId);
        UUID delivery;
        try {
            delivery = UUID.fromString(deliveryId);
        } catch (IllegalArgumentException e) {
            throw notFound(deliveryId);
        }
        return deliveries.redeliver(pool, endpoint, delivery).flatMap(view -> {
            if (view == null) {
                throw notFound(deliveryId);
            }
            return deliveries.attempts(pool, List.of(delivery))
                    .map(byDelivery -> view.withAttempts(byDelivery.getOrDefault(delivery, List.of())));
        });
    }

    private static ApiException notFound(String deliveryId) {
        return ApiException.notFound("No delivery with id '" + deliveryId + "' for this endpoint");
    }
}
