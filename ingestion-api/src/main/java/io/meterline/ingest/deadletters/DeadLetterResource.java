package io.meterline.ingest.deadletters;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import io.meterline.common.error.ApiError;
import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Admin: records the cost worker could not bill (dead_letters), and their replay after a fix. */
@Path("/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: dead letters", description = "Usage-events records the cost worker could not bill (undecodable, "
        + "unknown customer, refused by the database). Each identified event is REJECTED in GET /v1/events/{id}; "
        + "replay republishes the original record once the cause is fixed.")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token",
        content = @Content(schema = @Schema(implementation = ApiError.class)))
public class DeadLetterResource {

    private static final String LETTER = """
            {"id": 42, "status": "OPEN", "event_status": "REJECTED",
             "reason": "unknown customer (or customer without wallet): acme-corp", "customer_id": "acme-corp",
             "event_id": "7d4e1c2a-3b5f-4c6d-8e9f-0a1b2c3d4e5f", "dedup_key": "7d4e1c2a-3b5f-4c6d-8e9f-0a1b2c3d4e5f",
             "source_topic": "usage-events", "source_partition": 3, "source_offset": 1842, "record_key": "acme-corp",
             "payload": "{\\"schema_version\\":1,...}", "record_timestamp": "2025-06-01T10:00:00.120Z",
             "created_at": "2025-06-01T10:00:00.300Z", "replayed_at": null}""";

    private final DeadLetterService service;

    public DeadLetterResource(DeadLetterService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Dead letters, newest first, paged", description = "limit 1..500 (default 50); cursor from "
            + "next_cursor. status: OPEN (never replayed), REPLAYED, RESOLVED (its event is now PRICED or UNPRICED)")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page",
            value = "{\"data\": [" + LETTER + "], \"next_cursor\": null}")))
    @APIResponse(responseCode = "422", description = "Bad customer_id, status, limit or cursor",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<Page<DeadLetterView>> list(@Parameter(example = "acme-corp") @RestQuery("customer_id") String customerId,
            @Parameter(description = "OPEN, REPLAYED or RESOLVED", example = "OPEN") @RestQuery String status,
            @RestQuery String limit, @RestQuery String cursor) {
        return service.list(customerId, status, limit, cursor);
    }

    @POST
    @Path("/replay")
    @Operation(summary = "Republish dead letters to usage-events",
            description = "Either ids (all must exist, else 404 and nothing is replayed) or customer_id (its OPEN "
                    + "dead letters whose event is not billed, oldest first, up to limit). Each dead letter is "
                    + "replayed at most once: REPLAYED and RESOLVED ones are skipped. Answers after Kafka acknowledged "
                    + "every republished record. Billing stays exactly-once: the cost worker de-duplicates on the "
                    + "event's (customer_id, dedup_key) and turns its REJECTED row into PRICED or UNPRICED.")
    @RequestBody(content = @Content(examples = {
            @ExampleObject(name = "ids", value = "{\"ids\": [41, 42]}"),
            @ExampleObject(name = "customer", value = "{\"customer_id\": \"acme-corp\", \"limit\": 100}")}))
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "result", value = """
            {"replayed": [{"id": 42, "customer_id": "acme-corp", "event_id": "7d4e1c2a-3b5f-4c6d-8e9f-0a1b2c3d4e5f"}],
             "skipped": [{"id": 41, "reason": "ALREADY_REPLAYED"}]}""")))
    @APIResponse(responseCode = "400", description = "No body, or not JSON",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "An id names no dead letter",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "422", description = "Both or neither of ids and customer_id; bad ids or limit",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge; nothing marked, retry unchanged",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public Uni<ReplayView> replay(ReplayRequest request) {
        return service.replay(request);
    }
}
