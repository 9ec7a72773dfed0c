package io.meterline.ingest.webhooks;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/webhook-endpoints/{id}/deliveries")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: webhooks")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
@APIResponse(responseCode = "404", description = "No such endpoint (or delivery)")
public class WebhookDeliveryResource {

    private final DeliveryService deliveries;

    public WebhookDeliveryResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    @Operation(summary = "The endpoint's deliveries, newest first, each with every attempt",
            description = "status: PENDING, DELIVERED, FAILED or DRY_RUN; limit 1..500 (default 50), cursor")
    public Uni<Page<DeliveryView>> list(@RestPath String id, @RestQuery String status, @RestQuery String limit,
            @RestQuery String cursor) {
        return deliveries.list(id, status, limit, cursor);
    }

    @POST
    @Path("/{deliveryId}/redeliver")
    @Operation(summary = "Send a delivery again (same webhook-id and body), with a fresh round of retries")
    @APIResponse(responseCode = "202", description = "Queued")
    public Uni<RestResponse<DeliveryView>> redeliver(@RestPath String id, @RestPath String deliveryId) {
        return deliveries.redeliver(id, deliveryId).map(view -> RestResponse.status(RestResponse.Status.ACCEPTED, view));
    }
}
