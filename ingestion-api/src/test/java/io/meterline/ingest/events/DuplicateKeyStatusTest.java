package io.meterline.ingest.events;

import static io.meterline.ingest.events.IngestResourceTest.post;
import static io.meterline.ingest.support.Batches.tokenEvent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.ingest.support.TestCustomers.Customer;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * An idempotency key reused under another event id on another UTC day: the edge accepts both (its dedup is per
 * day); once the cost worker has stored the first and recorded the second in usage_duplicates (rows written here
 * as the worker writes them), the second's status is REJECTED with duplicate_of instead of PENDING.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class DuplicateKeyStatusTest {

    @Test
    void aKeyReusedOnAnotherDayIsRejectedAsADuplicateOfTheFirstEvent() throws Exception {
        Customer customer = TestCustomers.create();
        String key = "job-" + UUID.randomUUID();
        Instant now = Instant.now();
        IngestEvent a = tokenEvent(customer.id(), now.minus(1, ChronoUnit.MINUTES).toString()).withIdempotencyKey(key);
        IngestEvent b = tokenEvent(customer.id(), now.minus(1, ChronoUnit.DAYS).toString()).withIdempotencyKey(key);
        post(customer, new IngestRequest(List.of(a))).statusCode(202).body("accepted", equalTo(1));
        post(customer, new IngestRequest(List.of(b))).statusCode(202).body("accepted", equalTo(1));
        status(customer, b.eventId()).statusCode(200).body("status", equalTo("PENDING"));

        UUID aId = UUID.fromString(a.eventId());
        UUID bId = UUID.fromString(b.eventId());
        sql("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, event_time,
                                          received_at, status)
                VALUES (?, ?, ?, 'TOKEN_USAGE', 'chat', now(), now(), 'UNPRICED')""", customer.id(), key, aId);
        sql("""
                INSERT INTO usage_duplicates (customer_id, event_id, dedup_key, duplicate_of, received_at)
                VALUES (?, ?, ?, ?, now())""", customer.id(), bId, key, aId);

        status(customer, b.eventId()).statusCode(200)
                .body("event_id", equalTo(b.eventId()), "status", equalTo("REJECTED"),
                        "reason", equalTo("duplicate: idempotency_key already used by event " + aId
                                + "; not billed again"),
                        "duplicate_of", equalTo(a.eventId()), "cost_usd", nullValue(), "credits", nullValue(),
                        "received_at", notNullValue(), "processed_at", notNullValue());
        status(customer, a.eventId()).statusCode(200)
                .body("status", equalTo("UNPRICED"), "duplicate_of", nullValue());
        status(customer, UUID.randomUUID().toString()).statusCode(404);
        // another customer cannot see it
        status(TestCustomers.create(), b.eventId()).statusCode(404);
        Audit.assertClean(customer.id());
    }

    private static ValidatableResponse status(Customer customer, String eventId) {
        return given().header("X-Api-Key", customer.apiKey()).get("/v1/events/{id}", eventId).then();
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
