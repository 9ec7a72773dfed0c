package io.meterline.ingest.events;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminEventTest {

    private static void insertEvent(String customer, String dedupKey, String time, boolean priced) throws Exception {
        try (Connection db = AdminApi.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    input_tokens, output_tokens, metadata, event_time, received_at, status, cost_usd, credits, rate_ids)
                VALUES (?, ?, ?, 'LLM_CALL', 'chat', 'openai', 'gpt-4o', 1200, 300, '{"run": 7}'::jsonb, ?, now(), ?, ?, ?,
                        ?)""")) {
            insert.setString(1, customer);
            insert.setString(2, dedupKey);
            insert.setObject(3, UUID.randomUUID());
            insert.setTimestamp(4, Timestamp.from(Instant.parse(time)));
            insert.setString(5, priced ? "PRICED" : "UNPRICED");
            insert.setBigDecimal(6, priced ? new BigDecimal("0.006") : null);
            insert.setBigDecimal(7, priced ? new BigDecimal("0.0072") : null);
            insert.setArray(8, priced ? db.createArrayOf("bigint", new Long[] {1L, 2L}) : null);
            insert.executeUpdate();
        }
    }

    @Test
    void eventsAreFilteredNewestFirstAndPaged() throws Exception {
        String customer = AdminApi.uniqueId("events");
        insertEvent(customer, "e1", "2025-06-01T10:00:00Z", true);
        insertEvent(customer, "e2", "2025-06-01T11:00:00Z", false);
        insertEvent(customer, "e3", "2025-06-01T12:00:00Z", false);
        insertEvent(customer, "e4", "2025-06-02T12:00:00Z", false);

        admin().queryParam("customer_id", customer).get("/v1/admin/events").then().statusCode(200)
                .body("data.dedup_key", contains("e4", "e3", "e2", "e1"))
                .body("data[3].cost_usd", equalTo("0.006000000000")).body("data[3].credits", equalTo("0.007200000000"))
                .body("data[3].rate_ids", contains(1, 2)).body("data[3].metadata.run", equalTo(7))
                .body("data[0].cost_usd", nullValue()).body("data[0].input_tokens", equalTo(1200));
        String cursor = admin().queryParam("customer_id", customer).queryParam("status", "unpriced")
                .queryParam("from", "2025-06-01T00:00:00Z").queryParam("to", "2025-06-02T00:00:00Z")
                .queryParam("limit", 1).get("/v1/admin/events")
                .then().statusCode(200).body("data.dedup_key", contains("e3")).extract().path("next_cursor");
        admin().queryParam("customer_id", customer).queryParam("status", "UNPRICED")
                .queryParam("from", "2025-06-01T00:00:00Z").queryParam("to", "2025-06-02T00:00:00Z")
                .queryParam("limit", 1).queryParam("cursor", cursor).get("/v1/admin/events")
                .then().statusCode(200).body("data.dedup_key", contains("e2")).body("next_cursor", nullValue());
        admin().queryParam("customer_id", customer).queryParam("status", "PRICED").get("/v1/admin/events")
                .then().body("data", hasSize(1));
    }

    @Test
    void badQueriesAre422() {
        admin().queryParam("status", "DONE").get("/v1/admin/events").then().statusCode(422)
                .body("details[0].field", equalTo("status"));
        admin().queryParam("from", "yesterday").get("/v1/admin/events").then().statusCode(422)
                .body("details[0].field", equalTo("from"));
        admin().queryParam("from", "2025-06-02T00:00:00Z").queryParam("to", "2025-06-01T00:00:00Z")
                .get("/v1/admin/events").then().statusCode(422);
        admin().queryParam("cursor", "abc").get("/v1/admin/events").then().statusCode(400);
        admin().queryParam("limit", "1000").get("/v1/admin/events").then().statusCode(422);
    }
}
