package io.meterline.ingest.rest;

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

import io.meterline.ingest.service.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/customers/{id}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: API keys", description = "Keys customers send as X-Api-Key (or Authorization: Bearer)")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminApiKeyResource {

    private final ApiKeyService keys;

    public AdminApiKeyResource(ApiKeyService keys) {
        this.keys = keys;
    }

    @POST
    @Operation(summary = "Issue an API key",
            description = "The key is in this answer only; just its SHA-256 is stored. Not idempotent: a retry "
                    + "issues another key (revoke the spare one).")
    @RequestBody(required = false, content = @Content(examples = @ExampleObject(name = "named",
            value = "{\"name\": \"production\"}")))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "created",
            value = ApiExamples.API_KEY_CREATED)))
    @APIResponse(responseCode = "404", description = "No such customer")
    public Uni<RestResponse<ApiKeyCreatedView>> issue(@RestPath String id, CreateApiKeyRequest request) {
        return keys.issue(id, request == null ? null : request.name())
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @GET
    @Operation(summary = "A customer's keys (prefix, created, last used, revoked), oldest first, paged")
    @APIResponse(responseCode = "200", description = "A page of keys")
    @APIResponse(responseCode = "404", description = "No such customer")
    public Uni<Page<ApiKeyView>> list(@RestPath String id, @RestQuery String limit, @RestQuery String cursor) {
        return keys.list(id, limit, cursor);
    }
}
