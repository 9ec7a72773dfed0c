package io.meterline.ingest;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class CustomerApiTest {

    @Test
    void balanceAnswersTheKeysOwnWalletAndThePreflightCheck() {
        String customer = AdminApi.uniqueId("bal");
        admin().body(Map.of("id", customer, "name", "Balance", "low_balance_threshold", "20"))
                .post("/v1/admin/customers").then().statusCode(201);
        String key = AdminApi.issueKey(customer);
        given().header("X-Api-Key", key).get("/v1/balance").then().statusCode(200)
                .body("balance", equalTo("0.000000000000")).body("currency", equalTo("credits"))
                .body("low_balance", equalTo(true)).body("can_spend", equalTo(false)).body("estimate", nullValue());
        AdminApi.topUp(customer, "25", "b1");
        given().header("Authorization", "Bearer " + key).queryParam("estimate", "25").get("/v1/balance")
                .then().statusCode(200).body("balance", equalTo("25.000000000000")).body("low_balance", equalTo(false))
                .body("can_spend", equalTo(true)).body("estimate", equalTo("25.000000000000"));
        // a SOFT wallet refuses nothing, so it can always spend; a HARD one only what is available
        given().header("X-Api-Key", key).queryParam("estimate", "25.000001").get("/v1/balance")
                .then().statusCode(200).body("can_spend", equalTo(true)).body("spend_mode", equalTo("SOFT"));
        admin().body(Map.of("spend_mode", "HARD")).patch("/v1/admin/customers/{id}/wallet", customer).then()
                .statusCode(200);
        given().header("X-Api-Key", key).queryParam("estimate", "25.000001").get("/v1/balance")
                .then().statusCode(200).body("can_spend", equalTo(false)).body("available", equalTo("25.000000000000"));
        given().header("X-Api-Key", key).queryParam("estimate", "lots").get("/v1/balance")
                .then().statusCode(422).body("details[0].field", equalTo("estimate"));
        given().header("X-Api-Key", key).queryParam("estimate", "-1").get("/v1/balance").then().statusCode(422);
        // another customer's key sees its own wallet only
        String other = AdminApi.createCustomer("bal-other");
        given().header("X-Api-Key", AdminApi.issueKey(other)).get("/v1/balance").then().body("balance", equalTo("0.000000000000"));
    }

    private static void insertRollup(String customer, String period, String start, String feature, String model,
            long events, String credits) throws Exception {
        try (Connection db = AdminApi.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO usage_rollups (customer_id, period, period_start, event_type, feature_id, provider, model,
                    event_count, input_tokens, output_tokens, cost_usd, credits)
                VALUES (?, ?, ?, 'LLM_CALL', ?, 'openai', ?, ?, 100, 10, 0.5, ?)""")) {
            insert.setString(1, customer);
            insert.setString(2, period);
            insert.setTimestamp(3, Timestamp.from(Instant.parse(start)));
            insert.setString(4, feature);
            insert.setString(5, model);
            insert.setLong(6, events);
            insert.setBigDecimal(7, new BigDecimal(credits));
            insert.executeUpdate();
        }
    }

    @Test
    void usageSumsTheCustomersRollupsPerPeriodAndGroup() throws Exception {
        String customer = AdminApi.createCustomer("usage");
        String key = AdminApi.issueKey(customer);
        insertRollup(customer, "DAILY", "2025-06-01T00:00:00Z", "chat", "gpt-4o", 3, "0.3");
        insertRollup(customer, "DAILY", "2025-06-01T00:00:00Z", "search", "gpt-4o", 2, "0.2");
        insertRollup(customer, "DAILY", "2025-06-02T00:00:00Z", "chat", "gpt-4o-mini", 5, "0.05");
        insertRollup(customer, "HOURLY", "2025-06-01T10:00:00Z", "chat", "gpt-4o", 3, "0.3");
        insertRollup("someone-else", "DAILY", "2025-06-01T00:00:00Z", "chat-" + customer, "gpt-4o", 9, "9");
        String from = "2025-06-01T00:00:00Z";
        String to = "2025-06-03T00:00:00Z";

        given().header("X-Api-Key", key).queryParam("period", "daily").queryParam("from", from).queryParam("to", to)
                .get("/v1/usage").then().statusCode(200).body("customer_id", equalTo(customer))
                .body("period", equalTo("daily")).body("data.event_count", contains(5, 5))
                .body("data[0].credits", equalTo("0.500000000000")).body("data[0].input_tokens", equalTo(200))
                .body("data[0].cost_usd", nullValue()).body("data[0].feature_id", nullValue());
        given().header("X-Api-Key", key).queryParam("from", from).queryParam("to", to).queryParam("group_by", "feature")
                .get("/v1/usage").then().statusCode(200).body("group_by", equalTo("feature"))
                .body("data.feature_id", contains("chat", "search", "chat")).body("data.event_count", contains(3, 2, 5));
        String cursor = given().header("X-Api-Key", key).queryParam("from", from).queryParam("to", to)
                .queryParam("group_by", "model").queryParam("limit", 1).get("/v1/usage")
                .then().statusCode(200).body("data.model", contains("gpt-4o")).body("data[0].provider", equalTo("openai"))
                .body("data[0].event_count", equalTo(5)).extract().path("next_cursor");
        given().header("X-Api-Key", key).queryParam("from", from).queryParam("to", to)
                .queryParam("group_by", "model").queryParam("limit", 1).queryParam("cursor", cursor).get("/v1/usage")
                .then().statusCode(200).body("data.model", contains("gpt-4o-mini")).body("next_cursor", nullValue());
        given().header("X-Api-Key", key).queryParam("period", "HOURLY").queryParam("from", "2025-06-01T00:00:00Z")
                .queryParam("to", "2025-06-02T00:00:00Z").queryParam("group_by", "event_type").get("/v1/usage")
                .then().statusCode(200).body("data", hasSize(1)).body("data[0].event_type", equalTo("LLM_CALL"))
                .body("data[0].period_start", equalTo("2025-06-01T10:00:00Z"));
        given().header("X-Api-Key", key).get("/v1/usage").then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void badUsageQueriesAre422() {
        String key = AdminApi.issueKey(AdminApi.createCustomer("badusage"));
        given().header("X-Api-Key", key).queryParam("period", "weekly").get("/v1/usage").then().statusCode(422)
                .body("details[0].field", equalTo("period"));
        given().header("X-Api-Key", key).queryParam("group_by", "user").get("/v1/usage").then().statusCode(422)
                .body("details[0].field", equalTo("group_by"));
        given().header("X-Api-Key", key).queryParam("from", "june").get("/v1/usage").then().statusCode(422);
        given().header("X-Api-Key", key).queryParam("from", "2025-06-02T00:00:00Z").queryParam("to", "2025-06-01T00:00:00Z")
                .get("/v1/usage").then().statusCode(422);
        given().header("X-Api-Key", key).queryParam("period", "hourly").queryParam("from", "2025-01-01T00:00:00Z")
                .queryParam("to", "2025-06-01T00:00:00Z").get("/v1/usage").then().statusCode(422);
        given().header("X-Api-Key", key).queryParam("cursor", "xyz").get("/v1/usage").then().statusCode(400);
    }
}
