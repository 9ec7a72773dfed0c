package io.meterline.ingest.settings;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Credits per USD is one value in Postgres, read by every cost worker with each batch, so two workers can never
 * price with different values; every priced usage row stores the value it was priced with.
 */
@Path("/v1/admin/settings/billing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: settings", description = "Installation-wide billing settings")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class BillingSettingsResource {

    /** More than a billion credits per USD is a typo, not a price list. */
    static final BigDecimal MAX_CREDITS_PER_USD = new BigDecimal("1000000000");

    private final Pool pool;
    private final BillingSettingsRepository settings;

    public BillingSettingsResource(Pool pool, BillingSettingsRepository settings) {
        this.pool = pool;
        this.settings = settings;
    }

    @GET
    @Operation(summary = "The billing settings")
    public Uni<BillingSettingsView> get() {
        return settings.find(pool);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change credits per USD; applies to events priced from the next batch on (the past is not "
            + "re-rated)")
    @APIResponse(responseCode = "200", description = "The new settings")
    @APIResponse(responseCode = "422", description = "credits_per_usd missing, not positive, or above 10^9")
    public Uni<BillingSettingsView> put(BillingSettingsRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator validator = new Validator().money("credits_per_usd", request.creditsPerUsd(), true, Sign.POSITIVE);
        if (request.creditsPerUsd() != null && request.creditsPerUsd().compareTo(MAX_CREDITS_PER_USD) > 0) {
            validator.reject("credits_per_usd", "TOO_LARGE", "must be at most 1000000000");
        }
        validator.throwIfInvalid();
        return settings.update(pool, request.creditsPerUsd());
    }
}
