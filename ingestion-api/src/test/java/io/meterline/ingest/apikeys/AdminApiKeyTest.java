package io.meterline.ingest.apikeys;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.auth.ApiKeys;
import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.Batches;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminApiKeyTest {

    @Test
    void issuedKeyIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        String customer = AdminApi.createCustomer("keys");
        JsonPath created = admin().body(Map.of("name", "production"))
                .post("/v1/admin/customers/{id}/api-keys", customer)
                .then().statusCode(201)
                .body("api_key", matchesPattern("ml_[0-9A-Za-z]{40}")).body("customer_id", equalTo(customer))
                .body("name", equalTo("production")).extract().jsonPath();
        String key = created.getString("api_key");
        assertEquals(key.substring(0, 11), created.getString("prefix"));
        try (Connection db = AdminApi.db();
                PreparedStatement query = db.prepareStatement("SELECT * FROM api_keys WHERE id = ?")) {
            query.setObject(1, UUID.fromString(created.getString("key_id")));
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertArrayEquals(ApiKeys.hash(key), row.getBytes("key_hash"));
                for (int c = 1; c <= row.getMetaData().getColumnCount(); c++) {
                    String value = row.getString(c);
                    assertFalse(value != null && value.contains(key.substring(11)), "column " + c + " holds the key");
                }
            }
        }
        admin().get("/v1/admin/customers/{id}/api-keys", customer).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].prefix", equalTo(key.substring(0, 11)))
                .body("data[0].api_key", nullValue()).body("data[0].revoked_at", nullValue())
                .body("data[0].created_at", notNullValue());
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndRevokingAgainIsHarmless() {
        String customer = AdminApi.createCustomer("revoke");
        String key = AdminApi.issueKey(customer);
        given().header("X-Api-Key", key).get("/v1/balance").then().statusCode(200);
        ingest(key, customer).then().statusCode(202);
        String keyId = admin().get("/v1/admin/customers/{id}/api-keys", customer).then().extract().path("data[0].key_id");

        String revokedAt = admin().delete("/v1/admin/api-keys/{id}", keyId).then().statusCode(200)
                .body("key_id", equalTo(keyId)).body("revoked_at", notNullValue()).extract().path("revoked_at");
        given().header("X-Api-Key", key).get("/v1/balance").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + key).get("/v1/usage").then().statusCode(401);
        ingest(key, customer).then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));

        admin().delete("/v1/admin/api-keys/{id}", keyId).then().statusCode(200).body("revoked_at", equalTo(revokedAt));
        admin().get("/v1/admin/customers/{id}/api-keys", customer).then().body("data[0].revoked_at", equalTo(revokedAt));
    }

    @Test
    void listIsPaged() {
        String customer = AdminApi.createCustomer("keypage");
        for (int i = 0; i < 3; i++) {
            AdminApi.issueKey(customer);
        }
        JsonPath first = admin().queryParam("limit", 2).get("/v1/admin/customers/{id}/api-keys", customer)
                .then().statusCode(200).body("data", hasSize(2)).extract().jsonPath();
        String cursor = first.getString("next_cursor");
        admin().queryParam("limit", 2).queryParam("cursor", cursor).get("/v1/admin/customers/{id}/api-keys", customer)
                .then().statusCode(200).body("data", hasSize(1)).body("next_cursor", nullValue());
    }

    @Test
    void unknownCustomersAndKeysAre404() {
        String nobody = AdminApi.uniqueId("nobody");
        admin().post("/v1/admin/customers/{id}/api-keys", nobody).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        admin().get("/v1/admin/customers/{id}/api-keys", nobody).then().statusCode(404);
        admin().delete("/v1/admin/api-keys/{id}", UUID.randomUUID()).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        admin().delete("/v1/admin/api-keys/not-a-uuid").then().statusCode(404);
        String customer = AdminApi.createCustomer("keyname");
        admin().body(Map.of("name", " ")).post("/v1/admin/customers/{id}/api-keys", customer).then().statusCode(422);
    }

    private static Response ingest(String key, String customer) {
        return given().header("X-Api-Key", key).contentType(ContentType.JSON)
                .body(Batches.tokenBatch(customer, 1)).post("/v1/events/ingest");
    }
}
