package io.meterline.ingest.rerates;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.meterline.common.error.ApiError;
import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin: re-rating jobs, created by PUT /v1/admin/rates with "rerate": true and run by the cost worker. */
@Path("/v1/admin/rerate-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: re-rating", description = "A rate corrected for a past window (PUT /v1/admin/rates with "
        + "\"rerate\": true) prices the PRICED usage of that window again in the cost worker: one RERATE ledger row "
        + "per wallet per job, the usage rows keep their first price, one usage-priced record per changed event.")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class RerateJobResource {

    static final String JOB = """
            {"id": "5b1f6c1e-8a7d-4c3b-9e2f-1a0b9c8d7e6f", "status": "SUCCEEDED",
             "scopes": [{"provider": "openai", "model": "gpt-4o", "valid_from": "2026-11-01T00:00:00Z",
                         "valid_until": "2026-11-08T00:00:00Z"}],
             "rate_ids": [212, 213], "superseded_rate_ids": [180], "rows_examined": 120000, "rows_changed": 119870,
             "rows_unpriceable": 0, "wallets_settled": 42, "old_credits": "5120.000000000000000000",
             "new_credits": "4096.000000000000000000", "credits_difference": "-1024.000000000000000000",
             "created_at": "2026-11-20T09:00:00Z", "started_at": "2026-11-20T09:02:00Z",
             "scanned_at": "2026-11-20T09:03:10Z", "finished_at": "2026-11-20T09:03:11Z"}""";

    private final RerateJobService jobs;

    public RerateJobResource(RerateJobService jobs) {
        this.jobs = jobs;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One re-rating job: status, progress and totals")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "job", value = JOB)))
    @APIResponse(responseCode = "404", description = "No job with this id",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RerateJobView> get(@RestPath String id) {
        return jobs.get(id);
    }

    @GET
    @Operation(summary = "Re-rating jobs, newest first, paged", description = "limit 1..500 (default 50); cursor from "
            + "next_cursor")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page",
            value = "{\"data\": [" + JOB + "], \"next_cursor\": null}")))
    @APIResponse(responseCode = "422", description = "Bad limit or cursor",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<Page<RerateJobView>> list(@RestQuery String limit, @RestQuery String cursor) {
        return jobs.list(limit, cursor);
    }
}
