package io.meterline.ingest.charges;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Charges and refunds of any customer, with the admin token: the same bodies and answers as {@link ChargeResource}. */
@Path("/v1/admin/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: charges and refunds", description = "Charges and refunds for any customer")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminChargeResource {

    private final ChargeService charges;
    private final RefundService refunds;

    public AdminChargeResource(ChargeService charges, RefundService refunds) {
        this.charges = charges;
        this.refunds = refunds;
    }

    @POST
    @Path("/charges")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Charge a customer", description = "As POST /v1/charges; 404 for an unknown customer")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "charge", value = ChargeExamples.CHARGE_REQUEST)))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "charge",
            value = ChargeExamples.CHARGE)))
    @APIResponse(responseCode = "200", description = "A retry: the original charge")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_CREDITS (HARD mode); nothing was charged",
            content = @Content(examples = @ExampleObject(name = "insufficient", value = ChargeExamples.INSUFFICIENT)))
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT")
    @APIResponse(responseCode = "422", description = "A field is invalid; nothing was charged")
    public Uni<RestResponse<ChargeView>> charge(@RestPath String id, ChargeRequest request) {
        return charges.charge(id, request).map(Outcome::response);
    }

    @GET
    @Path("/charges/{request_id}")
    @Operation(summary = "One charge of a customer")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "charge",
            value = ChargeExamples.CHARGE)))
    @APIResponse(responseCode = "404", description = "No such charge")
    public Uni<ChargeView> getCharge(@RestPath String id, @RestPath("request_id") String requestId) {
        return charges.find(id, requestId);
    }

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund a customer's charge or priced usage event", description = "As POST /v1/refunds")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "refund", value = ChargeExamples.REFUND_REQUEST)))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "refund",
            value = ChargeExamples.REFUND)))
    @APIResponse(responseCode = "200", description = "A retry: the original refund")
    @APIResponse(responseCode = "404", description = "No such charge or stored event for this customer")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT")
    @APIResponse(responseCode = "422", description = "REFUND_EXCEEDS_ORIGINAL, NOT_REFUNDABLE, or an invalid field",
            content = @Content(examples = @ExampleObject(name = "exceeds", value = ChargeExamples.EXCEEDS)))
    public Uni<RestResponse<RefundView>> refund(@RestPath String id, RefundRequest request) {
        return refunds.refund(id, request).map(Outcome::response);
    }

    @GET
    @Path("/refunds/{refund_id}")
    @Operation(summary = "One refund of a customer")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "refund",
            value = ChargeExamples.REFUND)))
    @APIResponse(responseCode = "404", description = "No such refund")
    public Uni<RefundView> getRefund(@RestPath String id, @RestPath("refund_id") String refundId) {
        return refunds.find(id, refundId);
    }
}
