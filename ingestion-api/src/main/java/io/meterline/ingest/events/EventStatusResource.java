package io.meterline.ingest.events;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meterline.common.error.ApiError;
import io.meterline.ingest.auth.ApiKeyAuthenticator;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** GET /v1/events/{event_id}: where one of the caller's events is (PENDING, PRICED, UNPRICED, REJECTED). */
@Path("/v1/events")
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
public class EventStatusResource {

    private static final String REJECTED_EXAMPLE = """
            {"event_id": "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b", "status": "REJECTED", "cost_usd": null,
             "credits": null, "received_at": "2025-01-31T12:00:00.120Z", "processed_at": "2025-01-31T12:00:00.300Z",
             "reason": "unknown customer (or customer without wallet): acme"}""";

    private final ApiKeyAuthenticator auth;
    private final EventStatusService status;

    public EventStatusResource(ApiKeyAuthenticator auth, EventStatusService status) {
        this.auth = auth;
        this.status = status;
    }

    @GET
    @Path("/{event_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status and cost of one event",
            description = "PENDING: accepted, not priced yet. PRICED / UNPRICED: stored by the cost worker "
                    + "(UNPRICED = no rate for its provider/model at its timestamp). REJECTED: the cost worker could "
                    + "not bill it (e.g. unknown customer); `reason` says why, nothing was charged, and an operator "
                    + "can replay it after a fix (it then becomes PRICED or UNPRICED). Money as decimal strings.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = EventStatusResponse.class),
            examples = {@ExampleObject(name = "priced", value = IngestExamples.STATUS),
                    @ExampleObject(name = "rejected", value = REJECTED_EXAMPLE)}))
    @APIResponse(responseCode = "400", description = "event_id is not a UUID", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Unknown, or another customer's event", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Not stored yet and Redis cannot be asked", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<EventStatusResponse> get(HttpHeaders headers, @PathParam("event_id") String eventId) {
        return auth.authenticate(headers).flatMap(principal -> status.status(principal, parse(eventId)));
    }

    private static UUID parse(String eventId) {
        try {
            if (eventId.length() == 36) {
                return UUID.fromString(eventId);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiException.badRequest("event_id must be a UUID");
    }
}
