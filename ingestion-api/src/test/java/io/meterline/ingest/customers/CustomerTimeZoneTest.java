package io.meterline.ingest.customers;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.meterline.ingest.support.AdminApi.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * customers.time_zone: UTC by default, an IANA name the JVM and Postgres both know accepted (any offset), anything
 * else a 422 naming time_zone; a change is marked for the aggregation worker (rollup_rezoned) in the update's transaction; the
 * daily usage answer says the zone.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class CustomerTimeZoneTest {

    @Test
    void theZoneIsValidatedStoredAndShown() throws Exception {
        String id = uniqueId("tz");
        admin().body(Map.of("id", id, "name", "Zoned")).post("/v1/admin/customers")
                .then().statusCode(201).body("time_zone", equalTo("UTC"));
        admin().body(Map.of("time_zone", "Mars/Olympus")).patch("/v1/admin/customers/{id}", id)
                .then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                .body("details.field", contains("time_zone"));
        // a name the JVM knows and Postgres does not: Postgres computes the days, so it is refused
        admin().body(Map.of("time_zone", "SystemV/EST5")).patch("/v1/admin/customers/{id}", id)
                .then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                .body("details.field", contains("time_zone"));
        admin().body(Map.of("name", "x", "time_zone", "+05:00")).post("/v1/admin/customers")
                .then().statusCode(422).body("details.field", contains("time_zone"));
        assertEquals(0, rezoned(id));

        admin().body(Map.of("time_zone", "Asia/Kolkata")).patch("/v1/admin/customers/{id}", id)
                .then().statusCode(200).body("time_zone", equalTo("Asia/Kolkata"));
        admin().body(Map.of("time_zone", "Europe/Berlin")).patch("/v1/admin/customers/{id}", id)
                .then().statusCode(200).body("time_zone", equalTo("Europe/Berlin"));
        admin().body(Map.of("name", "Renamed")).patch("/v1/admin/customers/{id}", id)
                .then().statusCode(200).body("time_zone", equalTo("Europe/Berlin"));
        assertEquals(2, rezoned(id), "two changes of zone, two marks");

        String key = AdminApi.issueKey(id);
        given().header("X-Api-Key", key).queryParam("period", "daily").get("/v1/usage").then().statusCode(200)
                .body("time_zone", equalTo("Europe/Berlin"));
        assertNull(given().header("X-Api-Key", key).queryParam("period", "hourly").get("/v1/usage").then()
                .statusCode(200).extract().path("time_zone"));
        Audit.assertClean(id);
    }

    @Test
    void quarterAndHalfHourZonesAreAcceptedAtCreation() {
        for (String zone : new String[] { "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham" }) {
            String id = uniqueId("tz-odd");
            admin().body(Map.of("id", id, "name", zone, "time_zone", zone)).post("/v1/admin/customers").then()
                    .statusCode(201).body("time_zone", equalTo(zone));
            Audit.assertClean(id);
        }
    }

    @Test
    void aZoneGivenAtCreationCountsInTheRetryComparison() {
        String id = uniqueId("tz-retry");
        Map<String, Object> body = Map.of("id", id, "name", "NY", "time_zone", "America/New_York");
        admin().body(body).post("/v1/admin/customers").then().statusCode(201)
                .body("time_zone", equalTo("America/New_York"));
        admin().body(body).post("/v1/admin/customers").then().statusCode(200);
        admin().body(Map.of("id", id, "name", "NY")).post("/v1/admin/customers").then().statusCode(409);
        Audit.assertClean(id);
    }

    private static int rezoned(String id) throws Exception {
        try (Connection db = AdminApi.db();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM rollup_rezoned WHERE customer_id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
