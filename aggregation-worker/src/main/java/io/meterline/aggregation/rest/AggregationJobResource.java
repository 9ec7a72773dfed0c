package io.meterline.aggregation.rest;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.aggregation.service.AggregationService;
import io.meterline.common.AdminToken;
import io.meterline.common.error.ApiError;
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

    /** A job id as this service writes it; anything else cannot name a job. */
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** At most this many failed buckets are listed in a job's view; failed_buckets has the full count. */
    private static final int LISTED_FAILURES = 100;

    private final AggregationService aggregation;
    private final AdminToken adminToken;
    private final JobRequestParser requests;

    public AggregationJobResource(AggregationService aggregation, AggregationConfig config, ObjectMapper json) {
        this.aggregation = aggregation;
        this.adminToken = new AdminToken(config.adminToken());
        this.requests = new JobRequestParser(json, config.maxBackfill());
    }

    /** Any Content-Type reaches the method, so that a POST without a body needs none; a body must be JSON. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Start a roll-up now: incremental (no body, or {}), or a backfill of an event-time range "
            + "{\"from\", \"to\"}; answers 202 with the job id")
    public Uni<RestResponse<?>> trigger(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = JobRequest.class))) String body) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(unauthorized());
        }
        if (body != null && !body.isBlank() && !json(contentType)) {
            return Uni.createFrom().item(ErrorMappers.respond(415, new ApiError("UNSUPPORTED_MEDIA_TYPE",
                    "Send the body as Content-Type: application/json", List.of())));
        }
        JobRequest range = requests.parse(body);
        return aggregation.submit("MANUAL", range.from(), range.to())
                .map(job -> ErrorMappers.respond(202, JobView.of(job, List.of())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A roll-up job's status; a PARTIAL job lists the buckets that still fail")
    public Uni<RestResponse<?>> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") String id) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(unauthorized());
        }
        if (!UUID_TEXT.matcher(id).matches()) {
            return Uni.createFrom().item(notFound());
        }
        return aggregation.find(UUID.fromString(id)).flatMap(job -> job == null
                ? Uni.createFrom().item(notFound())
                : aggregation.failures(job, LISTED_FAILURES)
                        .map(failures -> RestResponse.ok(JobView.of(job, failures))));
    }

    private static boolean json(String contentType) {
        try {
            MediaType type = contentType == null ? null : MediaType.valueOf(contentType);
            String subtype = type == null ? "" : type.getSubtype().toLowerCase(Locale.ROOT);
            return type != null && type.getType().equalsIgnoreCase("application")
                    && (subtype.equals("json") || subtype.endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private boolean authorized(String authorization) {
        return adminToken.matches(AdminToken.bearer(authorization));
    }

    private static RestResponse<?> notFound() {
        return ErrorMappers.respond(404, new ApiError("NOT_FOUND", "No aggregation job with this id", List.of()));
    }

    private static RestResponse<?> unauthorized() {
        return ErrorMappers.respond(401, new ApiError("UNAUTHORIZED",
                "Send the admin token as Authorization: Bearer <token>", List.of()));
    }
}
