package io.meterline.ingest.usage;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
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

@Path("/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customer")
@SecurityRequirement(name = "apiKey")
public class UsageResource {

    private final ApiKeyAuthenticator authenticator;
    private final UsageService usage;

    public UsageResource(ApiKeyAuthenticator authenticator, UsageService usage) {
        this.authenticator = authenticator;
        this.usage = usage;
    }

    @GET
    @Operation(summary = "The caller's usage per hour or day, optionally grouped",
            description = "Answered from the rollups the aggregation worker writes (so recent usage appears once it "
                    + "has run). period_start in [from, to); defaults: period daily, to now, from 1 day (hourly) or "
                    + "30 days (daily) earlier; at most 31 days hourly, 366 daily. Paged like every list. Daily periods are the "
                    + "customer's local days in any zone (time_zone in the answer; 23 to 25 hours on daylight-saving days).")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "by model", value = """
            {"customer_id": "acme-corp", "period": "daily", "from": "2025-06-01T00:00:00Z", "to": "2025-06-03T00:00:00Z",
             "group_by": "model", "time_zone": "UTC", "data": [{"period_start": "2025-06-01T00:00:00Z", "provider": "openai",
             "model": "gpt-4o", "event_count": 120, "unpriced_count": 0, "input_tokens": 150000,
             "cached_input_tokens": 0, "cache_write_tokens": 0, "output_tokens": 42000,
             "quantity": "0.000000000000", "credits": "0.795000000000"}]}""")))
    @APIResponse(responseCode = "401", description = "Missing, unknown or revoked API key")
    @APIResponse(responseCode = "422", description = "Bad period, from, to, group_by, limit or cursor")
    public Uni<UsageView> usage(@Context HttpHeaders headers,
            @Parameter(description = "hourly or daily", example = "daily") @RestQuery String period,
            @Parameter(example = "2025-06-01T00:00:00Z") @RestQuery String from,
            @Parameter(example = "2025-06-03T00:00:00Z") @RestQuery String to,
            @Parameter(description = "feature, model or event_type") @RestQuery("group_by") String groupBy,
            @RestQuery String limit, @RestQuery String cursor) {
        return authenticator.authenticate(headers)
                .flatMap(p -> usage.usage(p.customerId(), period, from, to, groupBy, limit, cursor));
    }
}
