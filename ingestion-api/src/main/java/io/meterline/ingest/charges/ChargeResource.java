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

import io.meterline.ingest.auth.ApiKeyAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/** The customer's direct charges and refunds, under its API key (the admin form: {@link AdminChargeResource}). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Charges and refunds", description = "Fixed-price charges and refunds of charges or usage events")
@SecurityRequirement(name = "apiKey")
@APIResponse(responseCode = "401", description = "Missing, unknown or revoked API key")
public class ChargeResource {

    private final ApiKeyAuthenticator auth;
    private final ChargeService charges;
    private final RefundService refunds;

    public ChargeResource(ApiKeyAuthenticator auth, ChargeService charges, RefundService refunds) {
        this.auth = auth;
        this.charges = charges;
        this.refunds = refunds;
    }

    @POST
    @Path("/charges")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Charge credits for an action", description = "201 with the charge and its CHARGE ledger "
            + "row. request_id is the idempotency key: the same request again answers 200 with the original charge; "
            + "the same request_id with another amount or feature_id is 409 IDEMPOTENCY_CONFLICT. A SOFT wallet may "
            + "go below zero; a HARD wallet whose available balance (balance - held) is below the amount answers "
            + "402 and nothing is charged.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "charge", value = ChargeExamples.CHARGE_REQUEST)))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "charge",
            value = ChargeExamples.CHARGE)))
    @APIResponse(responseCode = "200", description = "A retry: the original charge")
    @APIResponse(responseCode = "402", description = "INSUFFICIENT_CREDITS (HARD mode); nothing was charged",
            content = @Content(examples = @ExampleObject(name = "insufficient", value = ChargeExamples.INSUFFICIENT)))
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT: request_id used with another amount or feature")
    @APIResponse(responseCode = "422", description = "A field is invalid (details name it); nothing was charged")
    public Uni<RestResponse<ChargeView>> charge(HttpHeaders headers, ChargeRequest request) {
        return auth.authenticate(headers).flatMap(p -> charges.charge(p.customerId(), request))
                .map(Outcome::response);
    }

    @GET
    @Path("/charges/{request_id}")
    @Operation(summary = "One of the customer's charges", description = "With its status (CHARGED, "
            + "PARTIALLY_REFUNDED, REFUNDED), refunded_amount and ledger row")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "charge",
            value = ChargeExamples.CHARGE)))
    @APIResponse(responseCode = "404", description = "No such charge for this customer")
    public Uni<ChargeView> getCharge(HttpHeaders headers, @RestPath("request_id") String requestId) {
        return auth.authenticate(headers).flatMap(p -> charges.find(p.customerId(), requestId));
    }

    @POST
    @Path("/refunds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refund a charge or a priced usage event", description = "Exactly one of charge_request_id "
            + "and event_id; amount defaults to all that is not refunded yet. The refunds of one item never add up to "
            + "more than it cost (422 REFUND_EXCEEDS_ORIGINAL). refund_id is the idempotency key, as for charges. A "
            + "refunded event keeps its usage row; GET /v1/events/{id} shows refunded_credits.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "refund", value = ChargeExamples.REFUND_REQUEST)))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "refund",
            value = ChargeExamples.REFUND)))
    @APIResponse(responseCode = "200", description = "A retry: the original refund")
    @APIResponse(responseCode = "404", description = "No such charge or stored event for this customer (details name "
            + "the field)")
    @APIResponse(responseCode = "409", description = "IDEMPOTENCY_CONFLICT: refund_id used for another item or amount")
    @APIResponse(responseCode = "422", description = "REFUND_EXCEEDS_ORIGINAL, NOT_REFUNDABLE (event not PRICED or "
            + "0 credits), or an invalid field; nothing was refunded", content = @Content(examples = @ExampleObject(
                    name = "exceeds", value = ChargeExamples.EXCEEDS)))
    public Uni<RestResponse<RefundView>> refund(HttpHeaders headers, RefundRequest request) {
        return auth.authenticate(headers).flatMap(p -> refunds.refund(p.customerId(), request))
                .map(Outcome::response);
    }

    @GET
    @Path("/refunds/{refund_id}")
    @Operation(summary = "One of the customer's refunds")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "refund",
            value = ChargeExamples.REFUND)))
    @APIResponse(responseCode = "404", description = "No such refund for this customer")
    public Uni<RefundView> getRefund(HttpHeaders headers, @RestPath("refund_id") String refundId) {
        return auth.authenticate(headers).flatMap(p -> refunds.find(p.customerId(), refundId));
    }
}
