package io.meterline.ingest.customers;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.meterline.ingest.support.AdminApi.uniqueId;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminCustomerTest {

    @Test
    void createAnswersTheCustomerWithItsWallet() {
        String id = uniqueId("cust");
        admin().body(Map.of("id", id, "name", "Acme", "email", "billing@acme.example",
                        "low_balance_threshold", "100", "price_multiplier", 1.25))
                .post("/v1/admin/customers")
                .then().statusCode(201)
                .body("id", equalTo(id)).body("name", equalTo("Acme")).body("email", equalTo("billing@acme.example"))
                .body("price_multiplier", equalTo("1.250000000000"))
                .body("wallet.customer_id", equalTo(id)).body("wallet.balance", equalTo("0.000000000000"))
                .body("wallet.low_balance_threshold", equalTo("100.000000000000"))
                .body("wallet.status", equalTo("DEPLETED"));
        admin().get("/v1/admin/customers/{id}", id).then().statusCode(200)
                .body("id", equalTo(id)).body("wallet.status", equalTo("DEPLETED"));
    }

    @Test
    void withoutAnIdOneIsGenerated() {
        admin().body(Map.of("name", "No id")).post("/v1/admin/customers")
                .then().statusCode(201).body("id", matchesPattern("cus_[0-9a-f]{32}"))
                .body("price_multiplier", equalTo("1.000000000000"));
    }

    @Test
    void anIdenticalRetryAnswersTheExistingCustomerAndADifferentBodyConflicts() {
        String id = uniqueId("retry");
        Map<String, Object> body = Map.of("id", id, "name", "Retry Ltd", "low_balance_threshold", "5");
        String created = admin().body(body).post("/v1/admin/customers").then().statusCode(201).extract().path("created_at");
        admin().body(body).post("/v1/admin/customers").then().statusCode(200)
                .body("id", equalTo(id)).body("created_at", equalTo(created));
        admin().body(Map.of("id", id, "name", "Someone else")).post("/v1/admin/customers")
                .then().statusCode(409).body("error", equalTo("CONFLICT"));
    }

    @Test
    void badInputsAreNamed() {
        admin().body(Map.of("id", "-bad id!", "name", "x")).post("/v1/admin/customers")
                .then().statusCode(422).body("error", equalTo("VALIDATION_ERROR")).body("details.field", contains("id"));
        admin().body(Map.of("id", uniqueId("noname"))).post("/v1/admin/customers")
                .then().statusCode(422).body("details.field", contains("name"));
        admin().body(Map.of("name", "x", "low_balance_threshold", "-1", "price_multiplier", "0", "email", "nope"))
                .post("/v1/admin/customers").then().statusCode(422)
                .body("details.field", contains("email", "low_balance_threshold", "price_multiplier"));
        admin().body(Map.of("name", "x", "price_multiplier", "abc")).post("/v1/admin/customers")
                .then().statusCode(422).body("details.field", contains("price_multiplier"));
        admin().body("{\"name\": ").post("/v1/admin/customers").then().statusCode(400).body("error", equalTo("MALFORMED_JSON"));
        admin().body("{\"name\": x}").post("/v1/admin/customers").then().statusCode(400).body("error", equalTo("MALFORMED_JSON"));
        admin().get("/v1/admin/customers/{id}", uniqueId("missing")).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void listIsOrderedByIdAndPagedWithACursor() {
        String prefix = uniqueId("page");
        List<String> ids = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
        ids.forEach(id -> admin().body(Map.of("id", id, "name", id)).post("/v1/admin/customers").then().statusCode(201));
        // start just before our ids: a cursor is the last id seen, base64url-encoded (opaque to clients)
        String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(prefix.getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            JsonPath json = admin().queryParam("limit", 2).queryParam("cursor", cursor).get("/v1/admin/customers")
                    .then().statusCode(200).extract().jsonPath();
            seen.addAll(json.getList("data.id"));
            cursor = json.getString("next_cursor");
        }
        assertEquals(ids, seen.subList(0, 3));
        admin().queryParam("limit", 500).get("/v1/admin/customers").then().statusCode(200);
        admin().queryParam("limit", 0).get("/v1/admin/customers").then().statusCode(422).body("details.field", contains("limit"));
        admin().queryParam("limit", 501).get("/v1/admin/customers").then().statusCode(422);
        admin().queryParam("limit", "ten").get("/v1/admin/customers").then().statusCode(422);
        admin().queryParam("cursor", "not.a.cursor!").get("/v1/admin/customers").then().statusCode(400)
                .body("details.field", contains("cursor"));
    }

    @Test
    void patchChangesOnlyTheFieldsSent() {
        String id = AdminApi.createCustomer("patch");
        AdminApi.topUp(id, "50", "patch-topup");
        admin().get("/v1/admin/customers/{id}/wallet", id).then().body("status", equalTo("OK"));
        admin().body(Map.of("low_balance_threshold", "60", "price_multiplier", "2")).patch("/v1/admin/customers/{id}", id)
                .then().statusCode(200).body("name", equalTo("Test " + id)).body("price_multiplier", equalTo("2.000000000000"))
                .body("wallet.low_balance_threshold", equalTo("60.000000000000")).body("wallet.status", equalTo("LOW"));
        admin().body(Map.of("price_multiplier", "-1")).patch("/v1/admin/customers/{id}", id).then().statusCode(422);
        admin().body(Map.of("name", "x")).patch("/v1/admin/customers/{id}", uniqueId("nobody")).then().statusCode(404);
        admin().get("/v1/admin/customers?limit=500").then().statusCode(200).body("data.email", hasItem(nullValue()));
    }
}
