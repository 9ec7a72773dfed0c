package io.meterline.ingest.subscriptions;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.http.Outcomes;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/customers/{id}/subscription")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: subscriptions", description = "A customer's plan: monthly PLAN grants issued by the renewal job")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
@APIResponse(responseCode = "404", description = "No such customer, plan or subscription")
public class AdminSubscriptionResource {

    private final SubscriptionService subscriptions;

    public AdminSubscriptionResource(SubscriptionService subscriptions) {
        this.subscriptions = subscriptions;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe the customer to a plan", description = "201 with the subscription. Periods renew "
            + "on anchor_day at 00:00 UTC (the last day of shorter months); the first runs from starts_at to the "
            + "first such boundary after it and gets the full monthly credits. Each period's grant is issued by the "
            + "renewal job (aggregation worker) when the period starts, the first one at its next run.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "subscribe", value = """
            {"plan_id": "pro-monthly", "anchor_day": 1, "starts_at": "2026-04-01T00:00:00Z"}""")))
    @APIResponse(responseCode = "409", description = "SUBSCRIPTION_EXISTS: the customer has a live subscription")
    @APIResponse(responseCode = "422", description = "A field missing or wrong (named in details)")
    public Uni<RestResponse<SubscriptionView>> subscribe(@RestPath String id, SubscriptionRequest request) {
        return subscriptions.subscribe(id, request).map(Outcomes::created);
    }

    @GET
    @Operation(summary = "The live subscription (else the last one): plan, current period, next renewal, credits "
            + "granted so far, cancel_at")
    public Uni<SubscriptionView> get(@RestPath String id) {
        return subscriptions.get(id);
    }

    @DELETE
    @Operation(summary = "Cancel at the end of the current period", description = "No later period is issued; the "
            + "current period's grant keeps its expiry. Not yet started: ends at once. Again: the same answer.")
    public Uni<SubscriptionView> cancel(@RestPath String id) {
        return subscriptions.cancel(id);
    }
}
