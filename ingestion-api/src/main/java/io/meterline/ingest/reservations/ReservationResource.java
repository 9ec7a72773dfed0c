package io.meterline.ingest.reservations;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.auth.ApiKeyAuthenticator;
import io.meterline.ingest.charges.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The customer's reservations, under its API key (the admin form: {@link AdminReservationResource}). */
@Path("/v1/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reservations", description = "Hold credits before an action; settled by the event or charge naming it")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked API key")
public class ReservationResource {

    private final ApiKeyAuthenticator auth;
    private final ReservationService reservations;

    public ReservationResource(ApiKeyAuthenticator auth, ReservationService reservations) {
        this.auth = auth;
        this.reservations = reservations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hold credits", description = "201 with the OPEN reservation and the wallet's balance, held, "
            + "available and spend_mode. reservation_id is the idempotency key: the same one again answers 200 with "
            + "the stored reservation (whatever its status); with another estimate or feature_id 409. A HARD wallet "
            + "whose available balance is below the estimate answers 402 and holds nothing; a SOFT wallet always "
            + "holds. The hold ends when an event or charge names it (SETTLED), on DELETE (RELEASED) or after "
            + "ttl_seconds (EXPIRED).")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "reservation",
            value = ReservationExamples.REQUEST)))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "created",
            value = ReservationExamples.CREATED)))
    @APIResponse(responseCode = "200", description = "A retry: the stored reservation")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_CREDITS (HARD mode); nothing held",
            content = @Content(examples = @ExampleObject(name = "insufficient",
                    value = ReservationExamples.INSUFFICIENT)))
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT: reservation_id used with another estimate "
            + "or feature")
    @APIResponse(responseCode = "422", description = "A field is invalid (details name it); nothing was held")
    public Uni<RestResponse<ReservationView>> reserve(HttpHeaders headers, ReservationRequest request) {
        return auth.authenticate(headers).flatMap(p -> reservations.reserve(p.customerId(), request))
                .map(Outcome::response);
    }

    @GET
    @Path("/{reservation_id}")
    @Operation(summary = "One of the customer's reservations", description = "status OPEN, SETTLED (with "
            + "settled_amount and settled_by), RELEASED or EXPIRED; closed_at once closed")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "settled",
            value = ReservationExamples.SETTLED)))
    @APIResponse(responseCode = "404", description = "No such reservation for this customer")
    public Uni<ReservationView> get(HttpHeaders headers, @RestPath("reservation_id") String reservationId) {
        return auth.authenticate(headers).flatMap(p -> reservations.find(p.customerId(), reservationId));
    }

    @DELETE
    @Path("/{reservation_id}")
    @Operation(summary = "Release a hold", description = "200 with the reservation, now RELEASED (again for one "
            + "already released); its estimate no longer counts in held")
    @APIResponse(responseCode = "200", description = "The RELEASED reservation")
    @APIResponse(responseCode = "404", description = "No such reservation for this customer")
    @APIResponse(responseCode = "409", description = "RESERVATION_CLOSED: it is SETTLED or EXPIRED (details give "
            + "the status)")
    public Uni<ReservationView> release(HttpHeaders headers, @RestPath("reservation_id") String reservationId) {
        return auth.authenticate(headers).flatMap(p -> reservations.release(p.customerId(), reservationId));
    }
}
