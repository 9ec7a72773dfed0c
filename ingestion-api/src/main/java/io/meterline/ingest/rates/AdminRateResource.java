package io.meterline.ingest.rates;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.http.ApiExamples;
import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/rates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: rates", description = "Versioned provider prices. Re-pricing is automatic: every change "
        + "notifies the cost workers (Postgres NOTIFY), which reload their rates and re-price UNPRICED events; "
        + "there is no reprice endpoint.")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminRateResource {

    private final RateService rates;

    public AdminRateResource(RateService rates) {
        this.rates = rates;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add price versions in bulk (all or nothing)",
            description = "Per item: an identical version (same provider, model, cost_type, valid_from, price_usd, "
                    + "unit_size) is UNCHANGED, so retries are safe; otherwise the current version is closed at the "
                    + "new valid_from and the new one is CREATED. A valid_from not after the current version's is 409. "
                    + "At most 1000 items. With \"rerate\": true an item corrects the past: the versions overlapping "
                    + "[valid_from, valid_until) are replaced (kept as history), and the answer is 202 with "
                    + "rerate_job_id: the cost worker prices that window's PRICED usage again and writes the "
                    + "differences as RERATE ledger rows (GET /v1/admin/rerate-jobs/{id}).")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "rates", value = """
            [{"provider": "openai", "model": "gpt-4o", "cost_type": "INPUT_TOKEN", "price_usd": "2.50",
              "valid_from": "2025-01-01T00:00:00Z", "aliases": ["gpt-4o-2024-08-06"], "source": "openai.com/pricing"},
             {"provider": "openai", "model": "gpt-4o", "cost_type": "OUTPUT_TOKEN", "price_usd": "10.00",
              "unit_size": 1000000, "valid_from": "2025-01-01T00:00:00Z"}]""")))
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "results",
            value = "{\"results\": [{\"index\": 0, \"status\": \"CREATED\", \"rate\": " + ApiExamples.RATE
                    + ", \"closed_rate_id\": 3}]}")))
    @APIResponse(responseCode = "202", description = "An item asked for re-rating: the rates are stored and the job "
            + "queued", content = @Content(examples = @ExampleObject(name = "rerate", value = "{\"results\": [{\"index\": 0, "
            + "\"status\": \"CREATED\", \"rate\": " + ApiExamples.RATE + ", \"superseded_rate_ids\": [3]}], "
            + "\"rerate_job_id\": \"5b1f6c1e-8a7d-4c3b-9e2f-1a0b9c8d7e6f\"}")))
    @APIResponse(responseCode = "409", description = "valid_from not after the current version, or another price at "
            + "the same valid_from")
    @APIResponse(responseCode = "422", description = "An item is invalid; details name [index].field")
    public Uni<RestResponse<RateChangesView>> put(List<RateRequest> request) {
        return rates.put(request).map(view -> view.rerateJobId() == null ? RestResponse.ok(view)
                : RestResponse.status(RestResponse.Status.ACCEPTED, view));
    }

    @GET
    @Operation(summary = "Price versions, by id, paged",
            description = "Without at: every version (history included, but not versions replaced by a re-rating correction). With at: the versions valid at that instant.")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page",
            value = "{\"data\": [" + ApiExamples.RATE + "], \"next_cursor\": null}")))
    @APIResponse(responseCode = "422", description = "Bad at, cost_type, limit or cursor")
    public Uni<Page<RateView>> search(
            @Parameter(description = "Provider, case-insensitive", example = "openai") @RestQuery String provider,
            @Parameter(description = "Model or alias, case-insensitive", example = "gpt-4o") @RestQuery String model,
            @Parameter(description = "Cost type", example = "INPUT_TOKEN") @RestQuery("cost_type") String costType,
            @Parameter(description = "ISO-8601 instant", example = "2025-03-01T00:00:00Z") @RestQuery String at,
            @RestQuery String limit, @RestQuery String cursor) {
        return rates.search(provider, model, costType, at, limit, cursor);
    }
}
