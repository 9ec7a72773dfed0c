package io.meterline.ingest.support;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.meterline.testing.TestDb;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Shared steps of the admin API tests: an authorised request, unique ids, a customer with a key, plain JDBC. */
public final class AdminApi {

    public static final String TOKEN = "test-admin-token";

    private AdminApi() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON);
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A new customer (with its wallet); returns its id. */
    public static String createCustomer(String prefix) {
        String id = uniqueId(prefix);
        admin().body(Map.of("id", id, "name", "Test " + id)).post("/v1/admin/customers").then().statusCode(201);
        return id;
    }

    /** A new API key for the customer. */
    public static String issueKey(String customerId) {
        return admin().body(Map.of("name", "test")).post("/v1/admin/customers/{id}/api-keys", customerId)
                .then().statusCode(201).extract().path("api_key");
    }

    public static void topUp(String customerId, String amount, String key) {
        admin().body(Map.of("amount", amount, "idempotency_key", key))
                .post("/v1/admin/customers/{id}/wallet/top-ups", customerId).then().statusCode(201);
    }

    /** A connection to the test database, reused across calls ({@link TestDb}); close it to hand it back. */
    public static Connection db() throws SQLException {
        return TestDb.connection();
    }
}
