package io.meterline.ingest.apikeys;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Revocation lives apart from issuing because a key is addressed by its own id, not by its customer's. */
@Path("/v1/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: API keys")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminApiKeyRevocationResource {

    private final ApiKeyService keys;

    public AdminApiKeyRevocationResource(ApiKeyService keys) {
        this.keys = keys;
    }

    @DELETE
    @Path("/{keyId}")
    @Operation(summary = "Revoke a key",
            description = "Idempotent. The key is refused at once by this instance and within 30 s (the key cache "
                    + "TTL, meterline.ingest.api-key-cache-ttl) by every other instance.")
    @APIResponse(responseCode = "200", description = "The key, with revoked_at set")
    @APIResponse(responseCode = "404", description = "No such key")
    public Uni<ApiKeyView> revoke(@RestPath String keyId) {
        return keys.revoke(keyId);
    }
}
