package io.meterline.ingest.webhooks;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.http.Outcomes;
import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/webhook-endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: webhooks", description = "Signed webhooks (Standard Webhooks); see docs/webhooks.md")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class WebhookEndpointResource {

    private final EndpointService endpoints;

    public WebhookEndpointResource(EndpointService endpoints) {
        this.endpoints = endpoints;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an endpoint",
            description = "201 with the signing secret, shown in this answer only. Without customer_id the endpoint "
                    + "is global and receives every customer's events of its types. Not idempotent.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "endpoint", value = """
            {"url": "https://hooks.acme.example/meterline", "event_types": ["wallet.low_balance", "wallet.depleted"],
             "customer_id": "acme", "description": "billing alerts"}""")))
    @APIResponse(responseCode = "201", description = "Created, with secret")
    @APIResponse(responseCode = "422", description = "A field is invalid (url not http(s) or private, unknown type)")
    public Uni<RestResponse<EndpointView>> create(CreateEndpointRequest request) {
        return endpoints.create(request).map(Outcomes::created);
    }

    @GET
    @Operation(summary = "Endpoints, oldest first, paged; optionally one customer's")
    public Uni<Page<EndpointView>> list(@RestQuery("customer_id") String customerId, @RestQuery String limit,
            @RestQuery String cursor) {
        return endpoints.list(customerId, limit, cursor);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One endpoint (never its secret)")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Uni<EndpointView> get(@RestPath String id) {
        return endpoints.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change url, event_types or description", description = "Only the fields present change.")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    @APIResponse(responseCode = "422", description = "A field is invalid")
    public Uni<EndpointView> update(@RestPath String id, UpdateEndpointRequest request) {
        return endpoints.update(id, request);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Stop sending to the endpoint", description = "Its pending deliveries wait; idempotent.")
    public Uni<EndpointView> disable(@RestPath String id) {
        return endpoints.setEnabled(id, false);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Send to the endpoint again (also after a 410 Gone)",
            description = "Clears the failure count; pending deliveries go out. Idempotent.")
    public Uni<EndpointView> enable(@RestPath String id) {
        return endpoints.setEnabled(id, true);
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "Replace the signing secret",
            description = "The new secret is in this answer only. The previous one keeps signing alongside it "
                    + "(two signatures in webhook-signature) until previous_secret_expires_at, 24 h later.")
    public Uni<EndpointView> rotate(@RestPath String id) {
        return endpoints.rotate(id);
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send a webhook.test event to this endpoint")
    @APIResponse(responseCode = "202", description = "Queued; see the deliveries")
    @APIResponse(responseCode = "409", description = "The endpoint is disabled")
    public Uni<RestResponse<TestSentView>> test(@RestPath String id) {
        return endpoints.test(id).map(sent -> RestResponse.status(RestResponse.Status.ACCEPTED, sent));
    }
}
