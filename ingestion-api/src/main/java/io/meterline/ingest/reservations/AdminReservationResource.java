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

import io.meterline.ingest.charges.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Reservations of any customer, with the admin token: the bodies and answers of {@link ReservationResource}. */
@Path("/v1/admin/customers/{id}/reservations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: reservations", description = "Holds for any customer")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminReservationResource {

    private final ReservationService reservations;

    public AdminReservationResource(ReservationService reservations) {
        this.reservations = reservations;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hold credits of a customer", description = "As POST /v1/reservations; 404 for an unknown "
            + "customer")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "reservation",
            value = ReservationExamples.REQUEST)))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "created",
            value = ReservationExamples.CREATED)))
    @APIResponse(responseCode = "200", description = "A retry: the stored reservation")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_CREDITS (HARD mode); nothing held")
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT")
    @APIResponse(responseCode = "422", description = "A field is invalid; nothing was held")
    public Uni<RestResponse<ReservationView>> reserve(@RestPath String id, ReservationRequest request) {
        return reservations.reserve(id, request).map(Outcome::response);
    }

    @GET
    @Path("/{reservation_id}")
    @Operation(summary = "One reservation of a customer")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "settled",
            value = ReservationExamples.SETTLED)))
    @APIResponse(responseCode = "404", description = "No such reservation")
    public Uni<ReservationView> get(@RestPath String id, @RestPath("reservation_id") String reservationId) {
        return reservations.find(id, reservationId);
    }

    @DELETE
    @Path("/{reservation_id}")
    @Operation(summary = "Release a customer's hold", description = "As DELETE /v1/reservations/{reservation_id}")
    @APIResponse(responseCode = "200", description = "The RELEASED reservation")
    @APIResponse(responseCode = "404", description = "No such reservation")
    @APIResponse(responseCode = "409", description = "RESERVATION_CLOSED")
    public Uni<ReservationView> release(@RestPath String id, @RestPath("reservation_id") String reservationId) {
        return reservations.release(id, reservationId);
    }
}
