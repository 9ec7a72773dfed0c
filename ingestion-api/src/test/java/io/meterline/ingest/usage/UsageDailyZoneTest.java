package io.meterline.ingest.usage;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GET /v1/usage?period=daily for a customer in Asia/Kolkata (+5:30): its days start at 18:30 UTC, and the answer
 * names the zone. The rows are the ones the aggregation worker writes for two raw events 20 minutes apart across a
 * Kolkata midnight (the worker's side is RollupTimeZonePropertyTest), so the audit of the customer is clean.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class UsageDailyZoneTest {

    @Test
    void dailyPeriodsAreKolkataDays() throws SQLException {
        String customer = AdminApi.createCustomer("kolkata");
        admin().body(Map.of("time_zone", "Asia/Kolkata")).patch("/v1/admin/customers/{id}", customer).then()
                .statusCode(200).body("time_zone", equalTo("Asia/Kolkata"));
        String key = AdminApi.issueKey(customer);
        // 23:50 on 1 June and 00:10 on 2 June in Kolkata: one UTC hour, two local days
        raw(customer, "2026-06-01T18:20:00Z");
        raw(customer, "2026-06-01T18:40:00Z");
        daily(customer, "2026-05-31T18:30:00Z");
        daily(customer, "2026-06-01T18:30:00Z");

        given().header("X-Api-Key", key).queryParam("period", "daily").queryParam("from", "2026-05-31T00:00:00Z")
                .queryParam("to", "2026-06-03T00:00:00Z").get("/v1/usage").then().statusCode(200)
                .body("time_zone", equalTo("Asia/Kolkata"))
                .body("data.period_start", contains("2026-05-31T18:30:00Z", "2026-06-01T18:30:00Z"))
                .body("data.event_count", contains(1, 1));
        given().header("X-Api-Key", key).queryParam("period", "daily").queryParam("from", "2026-06-01T00:00:00Z")
                .queryParam("to", "2026-06-02T00:00:00Z").get("/v1/usage").then().statusCode(200)
                .body("data.period_start", contains("2026-06-01T18:30:00Z"));
        Audit.assertClean(customer);
    }

    private static void raw(String customer, String at) throws SQLException {
        exec("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, event_time,
                                          received_at, status, input_tokens)
                VALUES (?, gen_random_uuid()::text, gen_random_uuid(), 'TOKEN_USAGE', 'chat', '%s', now(),
                        'UNPRICED', 10)""".formatted(at), customer);
    }

    private static void daily(String customer, String start) throws SQLException {
        exec("""
                INSERT INTO usage_rollups (customer_id, period, period_start, event_type, feature_id, event_count,
                                           unpriced_count, input_tokens, quantity, cost_usd, credits)
                VALUES (?, 'DAILY', '%s', 'TOKEN_USAGE', 'chat', 1, 1, 10, 0, 0, 0)""".formatted(start), customer);
    }

    private static void exec(String sql, String customer) throws SQLException {
        try (Connection db = AdminApi.db(); PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, customer);
            statement.executeUpdate();
        }
    }
}
