package io.meterline.aggregation.rest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.aggregation.renewals.Renewal;
import io.meterline.aggregation.renewals.RenewalJob;
import io.meterline.common.AdminToken;
import io.meterline.common.error.ApiError;
import io.meterline.common.error.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Runs the renewal job now, or (dry_run=true) lists what a run now would issue without writing anything. Beside
 * the job it drives; admin token required as for the roll-up trigger.
 */
@Path("/v1/admin/renewals/run")
@Produces(MediaType.APPLICATION_JSON)
public class RenewalResource {

    /** The answer: when, whether it was a dry run, and the period grants issued (or to be issued), in order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunView(Instant at, boolean dryRun, int count, List<Renewal> renewals) {
    }

    private final RenewalJob job;
    private final AdminToken adminToken;
    private final Clock clock = Clock.systemUTC();

    public RenewalResource(RenewalJob job, AggregationConfig config) {
        this.job = job;
        this.adminToken = new AdminToken(config.adminToken());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Issue the period grants due now (dry_run=true: only list them, writing nothing)")
    public Uni<RestResponse<?>> run(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("dry_run") String dryRun) {
        if (!adminToken.matches(AdminToken.bearer(authorization))) {
            return Uni.createFrom().item(ErrorMappers.respond(401, new ApiError("UNAUTHORIZED",
                    "Send the admin token as Authorization: Bearer <token>", List.of())));
        }
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            throw ApiException.invalid(List.of(new FieldError("dry_run", "INVALID", "must be true or false")));
        }
        boolean dry = "true".equals(dryRun);
        Instant now = clock.instant();
        return (dry ? job.dryRun(now) : job.run(now))
                .map(list -> ErrorMappers.respond(200, new RunView(now, dry, list.size(), list)));
    }
}
