package io.meterline.ingest.wallets;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.meterline.ingest.auth.ApiKeyAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/balance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer", description = "A customer's own view, with its API key")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-Api-Key", description = "The customer's API key (Authorization: Bearer <key> works too)")
@SecurityRequirement(name = "apiKey")
public class BalanceResource {

    private final ApiKeyAuthenticator authenticator;
    private final BalanceService balances;

    public BalanceResource(ApiKeyAuthenticator authenticator, BalanceService balances) {
        this.authenticator = authenticator;
        this.balances = balances;
    }

    @GET
    @Operation(summary = "The caller's credit balance",
            description = "With estimate, can_spend says whether the balance covers it (a pre-flight check before "
                    + "an expensive call); without, whether the balance is above zero. Nothing is reserved.")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "balance", value = """
            {"balance": "250.000000000000", "currency": "credits", "low_balance": false, "can_spend": true,
             "estimate": "12.500000000000"}""")))
    @APIResponse(responseCode = "401", description = "Missing, unknown or revoked API key")
    @APIResponse(responseCode = "422", description = "estimate is not a non-negative decimal")
    public Uni<BalanceView> balance(@Context HttpHeaders headers,
            @Parameter(description = "Credits the next call may cost", example = "12.5") @RestQuery String estimate) {
        return authenticator.authenticate(headers).flatMap(p -> balances.balance(p.customerId(), estimate));
    }
}
