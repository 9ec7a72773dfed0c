package io.meterline.ingest.events;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.meterline.ingest.auth.ApiKeyAuthenticator;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.http.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** POST /v1/events/ingest. Runs on the event loop: the body is read once, nothing here blocks. */
@Path("/v1/events")
@Tag(name = "Events")
@SecurityRequirement(name = "apiKey")
public class IngestResource {

    private final ApiKeyAuthenticator auth;
    private final IngestService ingest;
    private final IngestMetrics metrics;
    private final BatchReader reader;
    private final int retryAfterSeconds;

    public IngestResource(ApiKeyAuthenticator auth, IngestService ingest, IngestMetrics metrics, IngestConfig config,
                          ObjectMapper mapper) {
        this.auth = auth;
        this.ingest = ingest;
        this.metrics = metrics;
        this.reader = new BatchReader(mapper, config.maxBodyBytes().asLongValue(), config.maxInflatedBytes().asLongValue(),
                config.maxEvents());
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    @POST
    @Path("/ingest")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest a batch of usage events",
            description = "Validates each event on its own, drops duplicates (customer_id + idempotency_key or event_id, "
                    + "7 days), and answers only after Kafka acknowledged every accepted event: a 202 means durable.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = IngestRequest.class), examples = @ExampleObject(name = "tokens", value = IngestExamples.REQUEST)))
    @APIResponse(responseCode = "202", description = "At least one event accepted (status accepted or partial)",
            content = @Content(schema = @Schema(implementation = IngestResponse.class), examples = @ExampleObject(name = "partial", value = IngestExamples.PARTIAL)))
    @APIResponse(responseCode = "200", description = "Every valid event was a duplicate (status all_duplicates)",
            content = @Content(schema = @Schema(implementation = IngestResponse.class)))
    @APIResponse(responseCode = "409", description = "No event accepted and at least one still being published by another "
            + "request (IN_FLIGHT, details = errors); retry the same batch unchanged after Retry-After",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "No event accepted and at least one invalid (VALIDATION_ERROR, details = errors)",
            content = @Content(schema = @Schema(implementation = ApiError.class), examples = @ExampleObject(name = "invalid", value = IngestExamples.INVALID)))
    @APIResponse(responseCode = "400", description = "Not JSON, or no non-empty events array", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "Missing, unknown or revoked API key", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "403", description = "An event names another customer (CUSTOMER_MISMATCH); nothing accepted", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "Too many events, body too large, or inflates too large", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "415", description = "Content-Type is not application/json, or Content-Encoding not gzip", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "429", description = "Rate limit of the API key exceeded; see Retry-After", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge every event in time (PUBLISH_FAILED): the outcome is "
            + "unknown; retry the same batch unchanged after Retry-After, each event is billed once", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<RestResponse<IngestResponse>> ingest(HttpHeaders headers, byte[] body) {
        long start = System.nanoTime();
        return auth.authenticate(headers)
                .flatMap(principal -> ingest.ingest(principal, reader.read(headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                        headers.getHeaderString(HttpHeaders.CONTENT_ENCODING), body)))
                .map(this::answer)
                .onItemOrFailure().invoke((response, failure) -> metrics.batch(
                        failure == null ? response.getEntity().status()
                                : failure instanceof ApiException api ? api.code() : "INTERNAL_ERROR", start));
    }

    /**
     * 202 when any event was accepted, 200 when every valid event was a duplicate. Nothing accepted: 409 IN_FLIGHT
     * with Retry-After when at least one event is being published by another request (the same batch, re-sent
     * unchanged later, completes without loss; 422 would tell SDKs to give up), otherwise 422.
     */
    private RestResponse<IngestResponse> answer(IngestOutcome outcome) {
        if (outcome.accepted() == 0 && !outcome.errors().isEmpty()) {
            if (outcome.errors().stream().anyMatch(e -> e.code() == RejectCode.IN_FLIGHT)) {
                throw new ApiException(409, "IN_FLIGHT", "Another request is publishing events of this batch right "
                        + "now; nothing was accepted. Retry the same batch unchanged after Retry-After seconds",
                        outcome.errors(), Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
            }
            String message = outcome.errors().size() == 1 ? "The event was rejected: " + outcome.errors().get(0).message()
                    : "No event was accepted; " + outcome.errors().size() + " were rejected";
            throw new ApiException(422, "VALIDATION_ERROR", message, outcome.errors(), Map.of());
        }
        IngestResponse response = IngestResponse.of(outcome);
        return RestResponse.status(outcome.accepted() > 0 ? RestResponse.Status.ACCEPTED : RestResponse.Status.OK, response);
    }
}
