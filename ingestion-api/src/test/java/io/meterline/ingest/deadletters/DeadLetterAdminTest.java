package io.meterline.ingest.deadletters;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** REJECTED status, the dead-letter list and replay, over the real database and topic (rows inserted directly). */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class DeadLetterAdminTest {

    @Test
    void aRejectedEventAnswersItsReason() throws Exception {
        TestCustomers.Customer customer = TestCustomers.create();
        UUID eventId = UUID.randomUUID();
        sql("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, received_at, status, reject_reason)
                VALUES (?, ?, ?, now(), 'REJECTED', 'rejected by database: invalid byte sequence')""",
                customer.id(), eventId.toString(), eventId);

        given().header("X-Api-Key", customer.apiKey()).get("/v1/events/{id}", eventId).then().statusCode(200)
                .body("event_id", equalTo(eventId.toString()), "status", equalTo("REJECTED"),
                        "reason", equalTo("rejected by database: invalid byte sequence"), "cost_usd", nullValue(),
                        "credits", nullValue());
        Audit.assertClean(customer.id());
    }

    @Test
    void deadLettersArePagedNewestFirstAndFilteredByState() throws Exception {
        String customer = AdminApi.uniqueId("dl");
        long open = deadLetter(customer, UUID.randomUUID(), "OPEN", "{}");
        long replayed = deadLetter(customer, UUID.randomUUID(), "REPLAYED", "{}");
        UUID billed = UUID.randomUUID();
        long resolved = deadLetter(customer, billed, "OPEN", "{}");
        sql("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, event_time,
                                          received_at, status)
                VALUES (?, ?, ?, 'TOKEN_USAGE', 'chat', now(), now(), 'UNPRICED')""", customer, billed.toString(), billed);

        admin().queryParam("customer_id", customer).get("/v1/admin/dead-letters").then().statusCode(200)
                .body("data.id", contains((int) resolved, (int) replayed, (int) open))
                .body("data.status", contains("RESOLVED", "REPLAYED", "OPEN"))
                .body("data[0].event_status", equalTo("UNPRICED")).body("data[2].reason", equalTo("unknown customer"))
                .body("data[2].payload", equalTo("{}")).body("next_cursor", nullValue());
        String cursor = admin().queryParam("customer_id", customer).queryParam("limit", 2)
                .get("/v1/admin/dead-letters").then().statusCode(200)
                .body("data.id", contains((int) resolved, (int) replayed)).extract().path("next_cursor");
        admin().queryParam("customer_id", customer).queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/v1/admin/dead-letters").then().statusCode(200)
                .body("data.id", contains((int) open)).body("next_cursor", nullValue());
        for (Object[] filter : new Object[][] {{"open", open}, {"REPLAYED", replayed}, {"resolved", resolved}}) {
            admin().queryParam("customer_id", customer).queryParam("status", filter[0]).get("/v1/admin/dead-letters")
                    .then().statusCode(200).body("data.id", contains((int) (long) (Long) filter[1]));
        }
        admin().queryParam("status", "DONE").get("/v1/admin/dead-letters").then().statusCode(422)
                .body("error", equalTo("VALIDATION_ERROR")).body("details[0].field", equalTo("status"));
        admin().queryParam("cursor", "abc").get("/v1/admin/dead-letters").then().statusCode(400)
                .body("error", equalTo("INVALID_CURSOR"));
        admin().queryParam("limit", "0").get("/v1/admin/dead-letters").then().statusCode(422);
        // a control character in any query parameter stops at the request guard, before the resource
        admin().queryParam("customer_id", "a\u0000b").get("/v1/admin/dead-letters").then().statusCode(400)
                .body("error", notNullValue());
        given().get("/v1/admin/dead-letters").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        Audit.assertClean(customer);
    }

    @Test
    void replayPublishesThePayloadsOnceAndSkipsWhatIsDone() throws Exception {
        String customer = AdminApi.uniqueId("replay");
        String first = payload(customer, 1);
        String second = payload(customer, 2);
        long a = deadLetter(customer, UUID.randomUUID(), "OPEN", first);
        long b = deadLetter(customer, UUID.randomUUID(), "OPEN", second);

        admin().body(Map.of("ids", List.of(a, b))).post("/v1/admin/dead-letters/replay").then().statusCode(200)
                .body("replayed.id", contains((int) a, (int) b)).body("replayed[0].customer_id", equalTo(customer))
                .body("skipped", empty());
        assertEquals(List.of(first, second), published(customer, 2));
        assertEquals("REPLAYED", state(a));

        admin().body(Map.of("ids", List.of(b, a))).post("/v1/admin/dead-letters/replay").then().statusCode(200)
                .body("replayed", empty()).body("skipped.id", contains((int) a, (int) b))
                .body("skipped.reason", contains("ALREADY_REPLAYED", "ALREADY_REPLAYED"));
        // by customer: only its OPEN letters; the one after them on the partition proves nothing else was sent
        String third = payload(customer, 3);
        long c = deadLetter(customer, UUID.randomUUID(), "OPEN", third);
        admin().body(Map.of("customer_id", customer)).post("/v1/admin/dead-letters/replay").then().statusCode(200)
                .body("replayed.id", contains((int) c)).body("skipped", empty());
        assertEquals(List.of(first, second, third), published(customer, 3));
        admin().body(Map.of("customer_id", customer, "limit", 10)).post("/v1/admin/dead-letters/replay").then()
                .statusCode(200).body("replayed", empty());
        Audit.assertClean(customer);
    }

    @Test
    void badReplayRequestsAreRefusedInTheOneErrorShape() throws Exception {
        String customer = AdminApi.uniqueId("bad");
        long known = deadLetter(customer, UUID.randomUUID(), "OPEN", "{}");
        admin().body(Map.of()).post("/v1/admin/dead-letters/replay").then().statusCode(422)
                .body("error", equalTo("VALIDATION_ERROR"));
        admin().body(Map.of("ids", List.of(known), "customer_id", "x")).post("/v1/admin/dead-letters/replay")
                .then().statusCode(422);
        admin().body(Map.of("ids", List.of())).post("/v1/admin/dead-letters/replay").then().statusCode(422)
                .body("details[0].field", equalTo("ids"));
        admin().body(Map.of("customer_id", "x", "limit", 501)).post("/v1/admin/dead-letters/replay").then()
                .statusCode(422).body("details[0].field", equalTo("limit"));
        admin().body(Map.of("ids", List.of(known, Long.MAX_VALUE))).post("/v1/admin/dead-letters/replay").then()
                .statusCode(404).body("error", equalTo("NOT_FOUND"));
        assertEquals("OPEN", state(known), "nothing is replayed when an id is unknown");
        admin().body("{\"ids\": [1,").post("/v1/admin/dead-letters/replay").then().statusCode(400)
                .body("error", equalTo("MALFORMED_JSON"));
        Audit.assertClean(customer);
    }

    private static String payload(String customer, int n) {
        return "{\"schema_version\":1,\"customer_id\":\"" + customer + "\",\"n\":" + n + "}";
    }

    /** The values of the records keyed by this customer on usage-events, once there are {@code count}. */
    private static List<String> published(String customer, int count) {
        try (KafkaCompanion kafka = Kafka.companion();
                ConsumerTask<String, String> task = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                        .fromTopics(MeterlineServices.topic("usage-events"))) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> task.stream().filter(r -> customer.equals(r.key())).count() >= count);
            return task.stream().filter(r -> customer.equals(r.key())).map(ConsumerRecord::value).toList();
        }
    }

    private static long deadLetter(String customer, UUID eventId, String status, String payload) throws Exception {
        try (Connection db = AdminApi.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO dead_letters (source_topic, source_partition, source_offset, record_key, customer_id,
                                          event_id, dedup_key, reason, payload, status)
                VALUES (?, 0, 0, ?, ?, ?, ?, 'unknown customer', ?, ?) RETURNING id""")) {
            insert.setString(1, "test-" + UUID.randomUUID());
            insert.setString(2, customer);
            insert.setString(3, customer);
            insert.setObject(4, eventId);
            insert.setString(5, eventId.toString());
            insert.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
            insert.setString(7, status);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    private static String state(long id) throws Exception {
        try (Connection db = AdminApi.db();
                PreparedStatement query = db.prepareStatement("SELECT status FROM dead_letters WHERE id = ?")) {
            query.setLong(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
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
