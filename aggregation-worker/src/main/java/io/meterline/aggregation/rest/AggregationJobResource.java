package io.meterline.aggregation.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.aggregation.service.AggregationService;
import io.meterline.common.AdminToken;
import io.meterline.common.error.ApiError;
import io.meterline.common.error.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** Manual roll-up trigger. Admin token required (the same METERLINE_ADMIN_TOKEN as the admin API). */
@Path("/v1/aggregation/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class AggregationJobResource {

    private final AggregationService aggregation;
    private final AdminToken adminToken;

    public AggregationJobResource(AggregationService aggregation, AggregationConfig config) {
        this.aggregation = aggregation;
        this.adminToken = new AdminToken(config.adminToken());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a roll-up now: incremental, or a backfill of an event-time range; answers 202 with the job id")
    public Uni<RestResponse<?>> trigger(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, JobRequest request) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(unauthorized());
        }
        JobRequest range = request == null ? new JobRequest(null, null) : request;
        if ((range.from() == null) != (range.to() == null) || (range.from() != null && !range.from().isBefore(range.to()))) {
            return Uni.createFrom().item(respond(422, new ApiError("VALIDATION_ERROR",
                    "from and to: give both, with from before to, or neither",
                    List.of(new FieldError("from", "INVALID_VALUE", "from must be before to; both or neither")))));
        }
        return aggregation.submit("MANUAL", range.from(), range.to())
                .map(job -> respond(202, JobView.of(job)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A roll-up job's status")
    public Uni<RestResponse<?>> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") UUID id) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(unauthorized());
        }
        return aggregation.find(id).map(job -> job == null
                ? respond(404, new ApiError("NOT_FOUND", "No aggregation job " + id, List.of()))
                : RestResponse.ok(JobView.of(job)));
    }

    private static RestResponse<?> respond(int status, Object body) {
        return RestResponse.ResponseBuilder.create(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private boolean authorized(String authorization) {
        return adminToken.matches(AdminToken.bearer(authorization));
    }

    private static RestResponse<?> unauthorized() {
        return respond(401, new ApiError("UNAUTHORIZED", "Send the admin token as Authorization: Bearer <token>", List.of()));
    }
}
