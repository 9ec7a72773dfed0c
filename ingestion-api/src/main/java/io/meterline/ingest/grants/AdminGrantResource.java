package io.meterline.ingest.grants;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/customers/{id}/grants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: grants", description = "Credit grants: what a wallet's balance is made of, burned in order")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
@APIResponse(responseCode = "404", description = "No such customer (or grant)")
public class AdminGrantResource {

    static final String GRANT = """
            {"customer_id": "acme-corp", "grant_id": "promo-2026-spring", "source": "PROMOTIONAL", "priority": 10,
             "amount": "1000.000000000000", "remaining": "1000.000000000000", "state": "ACTIVE",
             "effective_at": "2026-04-01T00:00:00Z", "expires_at": "2026-06-30T23:59:59Z",
             "metadata": {"campaign": "spring"}, "created_at": "2026-03-20T10:00:00Z", "closed_at": null}""";

    private final GrantService grants;

    public AdminGrantResource(GrantService grants) {
        this.grants = grants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant credits", description = "201 with the grant. Effective now (no effective_at, or one "
            + "in the past): posted at once as a GRANT ledger row, which first repays any overdraft. Effective "
            + "later: PENDING, posted by the grants job at effective_at. The same grant_id with the same body "
            + "answers 200 with the grant; with another body 409 IDEMPOTENCY_CONFLICT.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "grant", value = """
            {"grant_id": "promo-2026-spring", "amount": "1000", "source": "PROMOTIONAL", "priority": 10,
             "effective_at": "2026-04-01T00:00:00Z", "expires_at": "2026-06-30T23:59:59Z",
             "metadata": {"campaign": "spring"}}""")))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "grant", value = GRANT)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier grant: the grant as it is now")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT: the grant_id was used for another grant")
    @APIResponse(responseCode = "422", description = "A field missing or wrong (named in details)")
    public Uni<RestResponse<GrantView>> create(@RestPath String id, GrantRequest request) {
        return grants.create(id, request).map(c -> Outcomes.toResponse(c.created(), c.grant()));
    }

    @GET
    @Operation(summary = "The customer's grants, newest first, paged",
            description = "limit 1..500 (default 50), cursor from next_cursor")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page",
            value = "{\"data\": [" + GRANT + "], \"next_cursor\": null}")))
    public Uni<Page<GrantView>> list(@RestPath String id, @RestQuery String limit, @RestQuery String cursor) {
        return grants.list(id, limit, cursor);
    }

    @POST
    @Path("/{grant_id}/void")
    @Operation(summary = "Void a grant", description = "Removes the unused remainder with a VOID ledger row and "
            + "closes the grant (VOIDED); a PENDING grant is closed without a row. Voiding again answers the voided "
            + "grant.")
    @APIResponse(responseCode = "200", description = "The voided grant")
    @APIResponse(responseCode = "409", description = "GRANT_CLOSED: the grant has expired")
    public Uni<GrantView> voidGrant(@RestPath String id, @RestPath("grant_id") String grantId) {
        return grants.voidGrant(id, grantId);
    }
}
