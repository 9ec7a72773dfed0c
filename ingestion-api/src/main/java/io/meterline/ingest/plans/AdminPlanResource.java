package io.meterline.ingest.plans;

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

@Path("/v1/admin/plans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: plans", description = "Plans: monthly credits with rollover, versioned; see subscriptions")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminPlanResource {

    static final String PLAN = """
            {"plan_id": "pro-monthly", "version": 1, "name": "Pro", "monthly_credits": "10000.000000000000",
             "rollover": "CAPPED", "rollover_max": "5000.000000000000", "grant_priority": 50,
             "created_at": "2026-03-20T10:00:00Z"}""";

    private final PlanService plans;

    public AdminPlanResource(PlanService plans) {
        this.plans = plans;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a plan, or a new version of it", description = "201 with version 1 for a new "
            + "plan_id, 201 with the next version when any field differs from the current version (it applies from "
            + "each subscription's next period), 200 with the current version when the body is the same.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "plan", value = """
            {"plan_id": "pro-monthly", "name": "Pro", "monthly_credits": "10000", "rollover": "CAPPED",
             "rollover_max": "5000", "grant_priority": 50}""")))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "plan", value = PLAN)))
    @APIResponse(responseCode = "200", description = "The same body again: the current version")
    @APIResponse(responseCode = "422", description = "A field missing or wrong (named in details)")
    public Uni<RestResponse<PlanView>> save(PlanRequest request) {
        return plans.save(request).map(s -> Outcomes.toResponse(s.created(), s.plan()));
    }

    @GET
    @Operation(summary = "The current version of every plan, by plan_id, paged",
            description = "limit 1..500 (default 50), cursor from next_cursor")
    public Uni<Page<PlanView>> list(@RestQuery String limit, @RestQuery String cursor) {
        return plans.list(limit, cursor);
    }

    @GET
    @Path("/{plan_id}")
    @Operation(summary = "A plan: its current version and every version, oldest first")
    @APIResponse(responseCode = "404", description = "No such plan")
    public Uni<PlanDetailView> get(@RestPath("plan_id") String planId) {
        return plans.get(planId);
    }
}
