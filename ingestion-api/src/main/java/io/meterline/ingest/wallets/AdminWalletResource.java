package io.meterline.ingest.wallets;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.http.ApiExamples;
import io.meterline.ingest.http.Outcomes;
import io.meterline.ingest.http.Page;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/customers/{id}/wallet")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: wallets", description = "Balances and the append-only credit ledger")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
@APIResponse(responseCode = "404", description = "No such customer")
public class AdminWalletResource {

    private final WalletService wallets;

    public AdminWalletResource(WalletService wallets) {
        this.wallets = wallets;
    }

    @GET
    @Operation(summary = "The wallet", description = "status: DEPLETED when balance <= 0, LOW when balance <= "
            + "low_balance_threshold, else OK")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "wallet",
            value = ApiExamples.WALLET)))
    public Uni<WalletView> wallet(@RestPath String id) {
        return wallets.wallet(id);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the wallet's settings", description = "spend_mode SOFT or HARD (422 naming the "
            + "field otherwise); fields left out do not change. Answers the wallet.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "hard", value = "{\"spend_mode\": \"HARD\"}")))
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "wallet",
            value = ApiExamples.WALLET)))
    @APIResponse(responseCode = "422", description = "spend_mode is not SOFT or HARD")
    public Uni<WalletView> update(@RestPath String id, WalletUpdateRequest request) {
        return wallets.update(id, request);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/top-ups")
    @Operation(summary = "Add credits", description = "201 with the new ledger row. The same idempotency_key with "
            + "the same amount answers 200 with the original row; with another amount 409.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "top-up", value = """
            {"amount": "500.00", "idempotency_key": "invoice-2025-0042", "description": "Invoice 2025-0042 paid"}""")))
    @APIResponse(responseCode = "201", content = @Content(examples = @ExampleObject(name = "row",
            value = ApiExamples.LEDGER_ROW)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier top-up: the original row")
    @APIResponse(responseCode = "409", description = "The idempotency_key was used for another amount")
    @APIResponse(responseCode = "422", description = "amount not a positive decimal, or a field missing")
    public Uni<RestResponse<LedgerEntryView>> topUp(@RestPath String id, TopUpRequest request) {
        return wallets.topUp(id, request).map(AdminWalletResource::answer);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/adjustments")
    @Operation(summary = "Correct the balance (positive or negative)",
            description = "Idempotent like top-ups. A negative adjustment may take the balance below zero.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "adjustment", value = """
            {"amount": "-25.5", "reason": "Duplicate charge, ticket 1234", "idempotency_key": "adj-ticket-1234"}""")))
    @APIResponse(responseCode = "201", description = "The new ADJUSTMENT ledger row")
    @APIResponse(responseCode = "200", description = "Replay: the original row")
    @APIResponse(responseCode = "409", description = "The idempotency_key was used for another amount")
    @APIResponse(responseCode = "422", description = "amount zero or not a decimal, or a field missing")
    public Uni<RestResponse<LedgerEntryView>> adjust(@RestPath String id, AdjustmentRequest request) {
        return wallets.adjust(id, request).map(AdminWalletResource::answer);
    }

    @GET
    @Path("/transactions")
    @Operation(summary = "The ledger, newest first, paged", description = "limit 1..500 (default 50), cursor from next_cursor")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page",
            value = "{\"data\": [" + ApiExamples.LEDGER_ROW + "], \"next_cursor\": null}")))
    public Uni<Page<LedgerEntryView>> transactions(@RestPath String id, @RestQuery String limit,
            @RestQuery String cursor) {
        return wallets.transactions(id, limit, cursor);
    }

    private static RestResponse<LedgerEntryView> answer(WalletService.Posted posted) {
        return Outcomes.toResponse(posted.created(), posted.entry());
    }
}
