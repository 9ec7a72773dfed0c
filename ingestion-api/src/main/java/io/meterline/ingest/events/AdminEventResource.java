package io.meterline.ingest.events;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.meterline.ingest.http.Page;
import io.meterline.ingest.usage.UsageService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: events", description = "Stored usage events, e.g. to inspect UNPRICED ones. Re-pricing is "
        + "automatic once a matching rate is PUT (the cost workers are notified), so there is no reprice endpoint.")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminEventResource {

    private final UsageService usage;

    public AdminEventResource(UsageService usage) {
        this.usage = usage;
    }

    @GET
    @Operation(summary = "Usage events, newest first (by event timestamp), paged",
            description = "from inclusive, to exclusive; limit 1..500 (default 50); cursor from next_cursor")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page", value = """
            {"data": [{"customer_id": "acme-corp", "dedup_key": "req-1", "event_id": "7d4e1c2a-3b5f-4c6d-8e9f-0a1b2c3d4e5f",
              "event_type": "LLM_CALL", "feature_id": "chat", "provider": "openai", "model": "gpt-4o",
              "input_tokens": 1200, "cached_input_tokens": 0, "cache_write_tokens": 0, "output_tokens": 300,
              "event_time": "2025-06-01T10:00:00Z", "status": "UNPRICED", "cost_usd": null, "credits": null}],
             "next_cursor": null}""")))
    @APIResponse(responseCode = "422", description = "Bad status, from, to, limit or cursor")
    public Uni<Page<EventView>> events(
            @Parameter(example = "acme-corp") @RestQuery("customer_id") String customerId,
            @Parameter(description = "PRICED or UNPRICED", example = "UNPRICED") @RestQuery String status,
            @Parameter(description = "ISO-8601, inclusive", example = "2025-06-01T00:00:00Z") @RestQuery String from,
            @Parameter(description = "ISO-8601, exclusive", example = "2025-06-02T00:00:00Z") @RestQuery String to,
            @RestQuery String limit, @RestQuery String cursor) {
        return usage.events(customerId, status, from, to, limit, cursor);
    }
}
