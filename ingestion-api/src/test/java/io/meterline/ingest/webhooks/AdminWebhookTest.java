package io.meterline.ingest.webhooks;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminWebhookTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Test
    void theSecretIsShownOnceAndRotationKeepsTheOldOneFor24Hours() throws Exception {
        String customer = AdminApi.createCustomer("wh");
        JsonPath created = admin().body(Map.of("url", URL, "event_types", List.of("wallet.low_balance",
                        "wallet.low_balance", "wallet.depleted"), "customer_id", customer, "description", "alerts"))
                .post("/v1/admin/webhook-endpoints").then().statusCode(201)
                .body("secret", matchesPattern("whsec_[A-Za-z0-9+/]{43}=")).body("customer_id", equalTo(customer))
                .body("status", equalTo("ENABLED")).body("event_types", equalTo(List.of("wallet.low_balance",
                        "wallet.depleted")))
                .extract().jsonPath();
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertEquals(secret, column(id, "secret"));

        admin().get("/v1/admin/webhook-endpoints/{id}", id).then().statusCode(200).body("url", equalTo(URL))
                .body("secret", nullValue()).body("description", equalTo("alerts"));
        admin().queryParam("customer_id", customer).get("/v1/admin/webhook-endpoints").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(id)).body("data[0].secret", nullValue());

        admin().body(Map.of("event_types", List.of("*"), "description", "everything"))
                .patch("/v1/admin/webhook-endpoints/{id}", id).then().statusCode(200)
                .body("event_types", equalTo(List.of("*"))).body("description", equalTo("everything"))
                .body("url", equalTo(URL));
        admin().post("/v1/admin/webhook-endpoints/{id}/disable", id).then().statusCode(200)
                .body("status", equalTo("DISABLED")).body("disabled_reason", equalTo("ADMIN"));
        admin().post("/v1/admin/webhook-endpoints/{id}/enable", id).then().statusCode(200)
                .body("status", equalTo("ENABLED")).body("disabled_reason", nullValue());

        JsonPath rotated = admin().post("/v1/admin/webhook-endpoints/{id}/rotate-secret", id).then().statusCode(200)
                .body("secret", matchesPattern("whsec_.{44}")).body("previous_secret_expires_at", notNullValue())
                .extract().jsonPath();
        assertNotEquals(secret, rotated.getString("secret"));
        assertEquals(rotated.getString("secret"), column(id, "secret"));
        assertEquals(secret, column(id, "previous_secret"), "the old secret still signs");
        Duration overlap = Duration.between(Instant.now(), Instant.parse(rotated.getString("previous_secret_expires_at")));
        assertTrue(overlap.compareTo(Duration.ofHours(23)) > 0 && overlap.compareTo(Duration.ofHours(25)) < 0,
                overlap.toString());
        admin().get("/v1/admin/webhook-endpoints/{id}", id).then().body("secret", nullValue());
        admin().post("/v1/admin/webhook-endpoints/{id}/disable", id).then().statusCode(200);
    }

    @Test
    void aGlobalEndpointHasNoCustomer() {
        String id = admin().body(Map.of("url", URL, "event_types", List.of("aggregation.completed")))
                .post("/v1/admin/webhook-endpoints").then().statusCode(201).body("customer_id", nullValue())
                .extract().path("id");
        admin().post("/v1/admin/webhook-endpoints/{id}/disable", id).then().statusCode(200);
    }

    @Test
    void invalidInputIsA422NamingEachField() {
        admin().body(Map.of("url", "ftp://hooks.example.com/x", "event_types", List.of("wallet.*", "wallet.depleted"),
                        "customer_id", "no-such-customer-" + UUID.randomUUID()))
                .post("/v1/admin/webhook-endpoints").then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                .body("details.field", hasItems("url", "event_types[0]"))
                .body("details.find { it.field == 'url' }.message", equalTo("must be an http or https URL"));
        admin().body(Map.of("event_types", List.of())).post("/v1/admin/webhook-endpoints").then().statusCode(422)
                .body("details.field", hasItems("url", "event_types"));
        admin().body(Map.of("url", URL, "event_types", List.of("*"), "customer_id", "nobody-" + UUID.randomUUID()))
                .post("/v1/admin/webhook-endpoints").then().statusCode(422)
                .body("details[0].field", equalTo("customer_id"));
        admin().body(Map.of("url", "https://user:pw@hooks.example.com/", "event_types", List.of("*")))
                .post("/v1/admin/webhook-endpoints").then().statusCode(422).body("details[0].field", equalTo("url"));
        admin().body("{\"url\": 12, \"event_types\": [\"*\"]}").post("/v1/admin/webhook-endpoints")
                .then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"));
        admin().get("/v1/admin/webhook-endpoints/{id}", UUID.randomUUID()).then().statusCode(404)
                .body("error", equalTo("NOT_FOUND"));
        admin().get("/v1/admin/webhook-endpoints/not-a-uuid").then().statusCode(404);
        admin().body(Map.of("url", "gopher://x")).patch("/v1/admin/webhook-endpoints/{id}", UUID.randomUUID())
                .then().statusCode(422);
    }

    @Test
    void aTestEventIsQueuedListedWithItsAttemptsAndCanBeRedelivered() throws Exception {
        String customer = AdminApi.createCustomer("wh-test");
        String id = admin().body(Map.of("url", URL, "event_types", List.of("wallet.depleted"), "customer_id", customer))
                .post("/v1/admin/webhook-endpoints").then().statusCode(201).extract().path("id");
        JsonPath sent = admin().post("/v1/admin/webhook-endpoints/{id}/test", id).then().statusCode(202)
                .body("event_type", equalTo("webhook.test")).body("message_id", matchesPattern("msg_[0-9a-f]{32}"))
                .extract().jsonPath();
        String deliveryId = sent.getString("delivery_id");

        admin().get("/v1/admin/webhook-endpoints/{id}/deliveries", id).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].delivery_id", equalTo(deliveryId))
                .body("data[0].status", equalTo("PENDING")).body("data[0].payload.type", equalTo("webhook.test"))
                .body("data[0].payload.data.endpoint_id", equalTo(id)).body("data[0].attempt_log", emptyIterable());

        // as the sender would record two failed attempts and give up
        sql("INSERT INTO webhook_attempts (delivery_id, attempt, outcome, status_code, latency_ms, response_excerpt, error) "
                + "VALUES (?::uuid, 1, 'FAILED', 500, 12, 'oops', 'answered HTTP 500'), "
                + "(?::uuid, 2, 'FAILED', NULL, 5000, NULL, 'timed out')", deliveryId, deliveryId);
        sql("UPDATE webhook_deliveries SET status = 'FAILED', attempts = 2, next_attempt_at = NULL, finished_at = now() "
                + "WHERE id = ?::uuid", deliveryId);
        admin().queryParam("status", "FAILED").get("/v1/admin/webhook-endpoints/{id}/deliveries", id).then()
                .statusCode(200).body("data[0].attempts", equalTo(2)).body("data[0].attempt_log", hasSize(2))
                .body("data[0].attempt_log[0].status_code", equalTo(500))
                .body("data[0].attempt_log[0].response_excerpt", equalTo("oops"))
                .body("data[0].attempt_log[1].error", equalTo("timed out"));
        admin().queryParam("status", "WRONG").get("/v1/admin/webhook-endpoints/{id}/deliveries", id).then()
                .statusCode(422).body("details[0].field", equalTo("status"));

        admin().post("/v1/admin/webhook-endpoints/{id}/deliveries/{d}/redeliver", id, deliveryId).then()
                .statusCode(202).body("status", equalTo("PENDING")).body("message_id", equalTo(sent.getString("message_id")))
                .body("next_attempt_at", notNullValue()).body("attempt_log", hasSize(2));
        assertEquals("2", column(deliveryId, "attempts_base", "webhook_deliveries"), "a fresh round of attempts");
        admin().post("/v1/admin/webhook-endpoints/{id}/deliveries/{d}/redeliver", id, UUID.randomUUID()).then()
                .statusCode(404);

        admin().post("/v1/admin/webhook-endpoints/{id}/disable", id).then().statusCode(200);
        admin().post("/v1/admin/webhook-endpoints/{id}/test", id).then().statusCode(409)
                .body("error", equalTo("ENDPOINT_DISABLED"));
    }

    private static String column(String id, String column) throws Exception {
        return column(id, column, "webhook_endpoints");
    }

    private static String column(String id, String column, String table) throws Exception {
        try (Connection db = AdminApi.db();
                PreparedStatement query = db.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getString(1);
            }
        }
    }

    private static void sql(String sql, Object... params) throws Exception {
        try (Connection db = AdminApi.db(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }
}
