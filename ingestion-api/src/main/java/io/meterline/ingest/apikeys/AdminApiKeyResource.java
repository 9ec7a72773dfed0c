package io.meterline.ingest.apikeys;

import java.io.IOException;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.meterline.ingest.http.ApiExamples;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Outcomes;
import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/customers/{id}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: API keys", description = "Keys customers send as X-Api-Key (or Authorization: Bearer)")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminApiKeyResource {

    private final ApiKeyService keys;
    private final ObjectReader reader;

    public AdminApiKeyResource(ApiKeyService keys, ObjectMapper mapper) {
        this.keys = keys;
        this.reader = mapper.readerFor(CreateApiKeyRequest.class);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Issue an API key",
            description = "The key is in this answer only; just its SHA-256 is stored. Not idempotent: a retry "
                    + "issues another key (revoke the spare one).")
    @RequestBody(required = false, content = @Content(examples = @ExampleObject(name = "named",
            value = "{\"name\": \"production\"}")))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "created",
            value = ApiExamples.API_KEY_CREATED)))
    @APIResponse(responseCode = "404", description = "No such customer")
    public Uni<RestResponse<ApiKeyCreatedView>> issue(@RestPath String id,
            @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) throws IOException {
        CreateApiKeyRequest request = optionalBody(contentType, body);
        return keys.issue(id, request == null ? null : request.name()).map(Outcomes::created);
    }

    /** Every field is optional, so an empty body (with any Content-Type, or none) means all defaults. */
    private CreateApiKeyRequest optionalBody(String contentType, byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            return null;
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).matches("\\s*application/json\\s*(;.*)?")) {
            throw ApiException.unsupportedMediaType("Send the body as Content-Type: application/json");
        }
        return reader.readValue(body);
    }

    @GET
    @Operation(summary = "A customer's keys (prefix, created, last used, revoked), oldest first, paged")
    @APIResponse(responseCode = "200", description = "A page of keys")
    @APIResponse(responseCode = "404", description = "No such customer")
    public Uni<Page<ApiKeyView>> list(@RestPath String id, @RestQuery String limit, @RestQuery String cursor) {
        return keys.list(id, limit, cursor);
    }
}
