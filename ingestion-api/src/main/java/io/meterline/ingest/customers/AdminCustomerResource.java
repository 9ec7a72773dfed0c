package io.meterline.ingest.customers;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
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

@Path("/v1/admin/customers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: customers", description = "Customers and their wallets (Authorization: Bearer <admin token>)")
@SecurityScheme(securitySchemeName = "adminToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin token (METERLINE_ADMIN_TOKEN)")
@SecurityRequirement(name = "adminToken")
@APIResponse(responseCode = "401", description = "Missing or wrong admin token")
public class AdminCustomerResource {

    private final CustomerService customers;

    public AdminCustomerResource(CustomerService customers) {
        this.customers = customers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a customer and its wallet",
            description = "201 with the customer and its wallet. Posting the same id again with an identical body "
                    + "answers 200 with the existing customer (safe retry); with a different body 409.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "customer", value = """
            {"id": "acme-corp", "name": "Acme Corp", "email": "billing@acme.example",
             "low_balance_threshold": "100", "price_multiplier": "1.2"}""")))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(examples = @ExampleObject(
            name = "created", value = ApiExamples.CUSTOMER)))
    @APIResponse(responseCode = "200", description = "Already exists with this exact body")
    @APIResponse(responseCode = "409", description = "The id exists with other details")
    @APIResponse(responseCode = "422", description = "A field is invalid")
    public Uni<RestResponse<CustomerView>> create(CreateCustomerRequest request) {
        return customers.create(request).map(c -> Outcomes.toResponse(c.created(), c.customer()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One customer with its wallet")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "customer",
            value = ApiExamples.CUSTOMER)))
    @APIResponse(responseCode = "404", description = "No such customer")
    public Uni<CustomerView> get(@RestPath String id) {
        return customers.get(id);
    }

    @GET
    @Operation(summary = "Customers, ordered by id, paged",
            description = "limit 1..500 (default 50); pass next_cursor back as cursor for the next page")
    @APIResponse(responseCode = "200", content = @Content(examples = @ExampleObject(name = "page",
            value = "{\"data\": [" + ApiExamples.CUSTOMER + "], \"next_cursor\": \"YWNtZS1jb3Jw\"}")))
    @APIResponse(responseCode = "422", description = "Bad limit or cursor")
    public Uni<Page<CustomerView>> list(@RestQuery String limit, @RestQuery String cursor) {
        return customers.list(limit, cursor);
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @Operation(summary = "Change name, email, price_multiplier or the wallet's low_balance_threshold and auto_top_up",
            description = "Only the fields present change; safe to retry. auto_top_up {threshold, target} (target > "
                    + "threshold >= 0) requests a top-up of target - available once the available balance drops "
                    + "below threshold (wallet.top_up_requested); {\"enabled\": false} switches it off.")
    @RequestBody(content = @Content(examples = {
        @ExampleObject(name = "threshold", value = "{\"low_balance_threshold\": \"50\", \"price_multiplier\": \"1.5\"}"),
        @ExampleObject(name = "auto top-up", value = "{\"auto_top_up\": {\"threshold\": \"100\", \"target\": \"500\"}}")}))
    @APIResponse(responseCode = "200", description = "The customer after the change")
    @APIResponse(responseCode = "404", description = "No such customer")
    @APIResponse(responseCode = "422", description = "A field is invalid")
    public Uni<CustomerView> update(@RestPath String id, UpdateCustomerRequest request) {
        return customers.update(id, request);
    }
}
