package io.meterline.ingest.events;

import static io.meterline.ingest.support.Batches.tokenBatch;
import static io.meterline.ingest.support.Batches.tokenEvent;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.ingest.support.Batches;
import io.meterline.ingest.support.Json;
import io.meterline.ingest.support.RedisDedupState;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.ingest.support.TestCustomers.Customer;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class IngestResourceTest {

    @Inject
    RedisDedupState dedupState;

    static ValidatableResponse post(Customer customer, Object body) {
        return given().header("X-Api-Key", customer.apiKey()).contentType("application/json")
                .body(body instanceof String text ? text : Json.write(body))
                .when().post("/v1/events/ingest").then();
    }

    @Test
    void acceptedBatchIsOnTheTopicKeyedByCustomerBeforeThe202() {
        Customer customer = TestCustomers.create();
        IngestRequest batch = tokenBatch(customer.id(), 3);

        String batchId = given().header("Authorization", "Bearer " + customer.apiKey()).contentType("application/json")
                .body(Json.write(batch)).when().post("/v1/events/ingest").then()
                .statusCode(202)
                .body("status", equalTo("accepted"), "accepted", equalTo(3), "duplicates", equalTo(0),
                        "rejected", equalTo(0), "errors", empty(), "batch_id", notNullValue())
                .extract().path("batch_id");

        List<ConsumerRecord<String, String>> records = Batches.published(customer.id(), 3);
        assertEquals(3, records.size());
        assertEquals(batch.events().stream().map(IngestEvent::eventId).collect(Collectors.toSet()),
                records.stream().map(r -> Json.read(r.value()).get("event_id").textValue()).collect(Collectors.toSet()));
        JsonNode value = Json.read(records.get(0).value());
        assertEquals(1, value.get("schema_version").intValue());
        assertEquals(customer.id(), value.get("customer_id").textValue());
        assertEquals("TOKEN_USAGE", value.get("event_type").textValue());
        assertEquals("gpt-4o-mini", value.get("model").textValue());
        assertEquals(1200, value.get("input_tokens").longValue());
        assertEquals(250, value.get("output_tokens").longValue());
        assertEquals(batchId, value.get("batch_id").textValue());
        assertTrue(value.get("received_at").textValue().endsWith("Z"));
        Audit.assertClean(customer.id());
    }

    @Test
    void duplicatesAcrossAndWithinBatchesAreCountedNotPublished() {
        Customer customer = TestCustomers.create();
        IngestEvent a = tokenEvent(customer.id());
        IngestEvent b = tokenEvent(customer.id());
        IngestEvent keyed = tokenEvent(customer.id()).withIdempotencyKey("job-7");
        IngestEvent sameKey = tokenEvent(customer.id()).withIdempotencyKey("job-7");
        IngestEvent last = tokenEvent(customer.id());

        post(customer, new IngestRequest(List.of(a, b, a))).statusCode(202)
                .body("status", equalTo("accepted"), "accepted", equalTo(2), "duplicates", equalTo(1));
        post(customer, new IngestRequest(List.of(b, a))).statusCode(200)
                .body("status", equalTo("all_duplicates"), "accepted", equalTo(0), "duplicates", equalTo(2));
        post(customer, new IngestRequest(List.of(keyed, sameKey, a))).statusCode(202)
                .body("accepted", equalTo(1), "duplicates", equalTo(2));
        post(customer, new IngestRequest(List.of(last))).statusCode(202).body("accepted", equalTo(1));

        // one customer = one partition, so once the last event is visible every earlier one is too
        List<ConsumerRecord<String, String>> records = Batches.published(customer.id(), 4);
        List<String> ids = records.stream().map(r -> Json.read(r.value()).get("event_id").textValue()).toList();
        assertEquals(List.of(a.eventId(), b.eventId(), keyed.eventId(), last.eventId()),
                ids.stream().sorted((x, y) -> order(x, a, b, keyed, last) - order(y, a, b, keyed, last)).toList());
        assertEquals(4, Set.copyOf(ids).size());
        Audit.assertClean(customer.id());
    }

    private static int order(String id, IngestEvent... events) {
        for (int i = 0; i < events.length; i++) {
            if (events[i].eventId().equals(id)) {
                return i;
            }
        }
        return 99;
    }

    @Test
    void partialBatchAcceptsTheValidEventsAndReportsTheOthers() {
        Customer customer = TestCustomers.create();
        IngestEvent good = tokenEvent(customer.id());
        String badModel = Json.write(tokenEvent(customer.id())).replace("\"model\":\"gpt-4o-mini\",", "");
        String body = "{\"events\": [" + Json.write(good) + ", " + badModel + ", 17]}";

        post(customer, body).statusCode(202)
                .body("status", equalTo("partial"), "accepted", equalTo(1), "rejected", equalTo(2))
                .body("errors[0].index", equalTo(1), "errors[0].code", equalTo("MISSING_FIELD"), "errors[0].field", equalTo("model"))
                .body("errors[0].event_id", equalTo(Json.read(badModel).get("event_id").textValue()))
                .body("errors[1].index", equalTo(2), "errors[1].code", equalTo("INVALID_TYPE"));
        Audit.assertClean(customer.id());
    }

    @Test
    void batchWithOnlyInvalidEventsIs422WithEveryCode() {
        Customer customer = TestCustomers.create();
        String valid = Json.write(tokenEvent(customer.id()));
        String body = "{\"events\": ["
                + valid.replace("\"feature_id\":\"chat\",", "") + ", "
                + valid.replace("\"input_tokens\":1200", "\"input_tokens\":\"1200\"") + ", "
                + valid.replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"42\"") + ", "
                + valid.replace("\"output_tokens\":250", "\"output_tokens\":-1") + ", "
                + valid.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"2001-01-01T00:00:00Z\"") + ", "
                + valid.replace("}", ",\"metadata\":{\"blob\":\"" + "x".repeat(5000) + "\"}}")
                + "]}";

        post(customer, body).statusCode(422)
                .body("error", equalTo("VALIDATION_ERROR"), "message", notNullValue(), "details", hasSize(6))
                .body("details.code", equalTo(List.of("MISSING_FIELD", "INVALID_TYPE", "INVALID_FORMAT", "INVALID_VALUE",
                        "TIMESTAMP_OUT_OF_RANGE", "METADATA_TOO_LARGE")))
                .body("details.field", equalTo(List.of("feature_id", "input_tokens", "event_id", "output_tokens",
                        "timestamp", "metadata")))
                .body("details[2].event_id", equalTo("42"));
        Audit.assertClean(customer.id());
    }

    @Test
    void keyPendingForAnotherRequestIsInFlight409AndAcceptedOnceReleased() {
        Customer customer = TestCustomers.create();
        IngestEvent held = tokenEvent(customer.id());
        IngestEvent free = tokenEvent(customer.id());
        String token = "another-batch-" + UUID.randomUUID();
        dedupState.hold(customer.id(), held, token);
        dedupState.batchState(token, "p");

        post(customer, new IngestRequest(List.of(free, held))).statusCode(202)
                .body("status", equalTo("partial"), "accepted", equalTo(1), "duplicates", equalTo(0))
                .body("errors[0].index", equalTo(1), "errors[0].code", equalTo("IN_FLIGHT"),
                        "errors[0].event_id", equalTo(held.eventId()));
        // nothing accepted and an event in flight: 409 with Retry-After, never 422 (which SDKs treat as final)
        post(customer, new IngestRequest(List.of(held))).statusCode(409).header("Retry-After", equalTo("5"))
                .body("error", equalTo("IN_FLIGHT"), "message", notNullValue(), "details", hasSize(1))
                .body("details[0].index", equalTo(0), "details[0].code", equalTo("IN_FLIGHT"),
                        "details[0].event_id", equalTo(held.eventId()), "details[0].field", equalTo("event_id"));
        post(customer, new IngestRequest(List.of(free, held))).statusCode(409).header("Retry-After", notNullValue())
                .body("error", equalTo("IN_FLIGHT"), "details", hasSize(1), "details[0].index", equalTo(1));

        dedupState.batchState(token, null); // released, or pending for longer than the pending TTL
        post(customer, new IngestRequest(List.of(held))).statusCode(202).body("accepted", equalTo(1));
        post(customer, new IngestRequest(List.of(held))).statusCode(200).body("status", equalTo("all_duplicates"));
        Audit.assertClean(customer.id());
    }

    @Test
    void lateEventsAreFoundUnderTheirOwnDayUntilTheirBatchIsGone() {
        Customer customer = TestCustomers.create();
        String threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).toString();
        IngestEvent confirmed = Batches.tokenEvent(customer.id(), threeDaysAgo);
        IngestEvent abandoned = Batches.tokenEvent(customer.id(), threeDaysAgo);
        String confirmedBatch = "old-batch-" + UUID.randomUUID();
        dedupState.hold(customer.id(), confirmed, confirmedBatch);
        dedupState.batchState(confirmedBatch, "c");
        dedupState.hold(customer.id(), abandoned, "gone-batch-" + UUID.randomUUID());

        post(customer, new IngestRequest(List.of(confirmed, abandoned))).statusCode(202)
                .body("accepted", equalTo(1), "duplicates", equalTo(1));
        String taker = dedupState.holder(customer.id(), abandoned).orElseThrow();
        assertTrue(!taker.startsWith("gone-batch-"), "the abandoned key was taken over by the new batch");
        post(customer, new IngestRequest(List.of(confirmed, abandoned))).statusCode(200)
                .body("status", equalTo("all_duplicates"), "duplicates", equalTo(2));
        Audit.assertClean(customer.id());
    }

    @Test
    void eventOfAnotherCustomerRefusesTheWholeBatch() {
        Customer customer = TestCustomers.create();
        Customer other = TestCustomers.create();
        IngestEvent own = tokenEvent(customer.id());

        post(customer, new IngestRequest(List.of(own, tokenEvent(other.id())))).statusCode(403)
                .body("error", equalTo("CUSTOMER_MISMATCH"), "details[0].index", equalTo(1),
                        "details[0].code", equalTo("CUSTOMER_MISMATCH"));

        // nothing was marked: the own event is new afterwards, and it is the only record on the topic
        post(customer, new IngestRequest(List.of(own))).statusCode(202).body("accepted", equalTo(1));
        assertEquals(1, Batches.published(customer.id(), 1).size());
        Audit.assertClean(customer.id(), other.id());
    }

    @Test
    void malformedBodiesAre400() {
        Customer customer = TestCustomers.create();

        for (String body : List.of("{not json", "{}", "{\"events\": []}", "{\"events\": 3}", "[]")) {
            post(customer, body).statusCode(400).body("error", equalTo("BAD_REQUEST"), "message", notNullValue(),
                    "details", empty());
        }
        Audit.assertClean(customer.id());
    }

    @Test
    void missingUnknownOrRevokedKeyIs401() {
        Customer customer = TestCustomers.create();
        String body = Json.write(tokenBatch(customer.id(), 1));

        given().contentType("application/json").body(body).when().post("/v1/events/ingest")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("X-Api-Key", "ml_unknown").contentType("application/json").body(body)
                .when().post("/v1/events/ingest").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));

        Customer revoked = TestCustomers.create();
        TestCustomers.revoke(revoked);
        post(revoked, tokenBatch(revoked.id(), 1)).statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        Audit.assertClean(customer.id(), revoked.id());
    }

    @Test
    void otherContentTypesAre415() {
        Customer customer = TestCustomers.create();
        String body = Json.write(tokenBatch(customer.id(), 1));

        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
            given().header("X-Api-Key", customer.apiKey()).contentType(type).body(body)
                    .when().post("/v1/events/ingest").then().statusCode(415).body("error", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        }
        given().header("X-Api-Key", customer.apiKey()).header("Content-Encoding", "br").contentType("application/json")
                .body(body).when().post("/v1/events/ingest").then().statusCode(415);
        Audit.assertClean(customer.id());
    }

    @Test
    void tooManyEventsOrTooManyBytesIs413() {
        Customer customer = TestCustomers.create();

        post(customer, tokenBatch(customer.id(), 1001)).statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
        String huge = "{\"events\": [\"" + "x".repeat(5 * 1024 * 1024) + "\"]}";
        post(customer, huge).statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
        Audit.assertClean(customer.id());
    }

    @Test
    void eventStatusIsPendingThenPricedAndPrivateToItsCustomer() {
        Customer customer = TestCustomers.create();
        Customer other = TestCustomers.create();
        IngestEvent plain = tokenEvent(customer.id());
        IngestEvent keyed = tokenEvent(customer.id()).withIdempotencyKey("req-1");
        post(customer, new IngestRequest(List.of(plain, keyed))).statusCode(202);

        status(customer, plain.eventId()).statusCode(200)
                .body("event_id", equalTo(plain.eventId()), "status", equalTo("PENDING"), "cost_usd", equalTo(null));
        status(customer, keyed.eventId()).statusCode(200).body("status", equalTo("PENDING"));
        status(other, plain.eventId()).statusCode(404).body("error", equalTo("NOT_FOUND"));
        status(customer, java.util.UUID.randomUUID().toString()).statusCode(404);
        status(customer, "not-a-uuid").statusCode(400).body("error", equalTo("BAD_REQUEST"));
        given().when().get("/v1/events/" + plain.eventId()).then().statusCode(401);

        TestCustomers.storePriced(customer.id(), java.util.UUID.fromString(plain.eventId()), "0.00123");
        status(customer, plain.eventId()).statusCode(200)
                .body("status", equalTo("PRICED"), "cost_usd", equalTo("0.001230000000"), "credits", equalTo("0.001230000000"),
                        "model", equalTo("gpt-4o"));
        status(other, plain.eventId()).statusCode(404);
        Audit.assertClean(customer.id(), other.id());
    }

    private static ValidatableResponse status(Customer customer, String eventId) {
        return given().header("X-Api-Key", customer.apiKey()).when().get("/v1/events/" + eventId).then();
    }

    @Test
    void metricsAndOpenApiDescribeTheEndpoint() {
        Customer customer = TestCustomers.create();
        post(customer, tokenBatch(customer.id(), 1)).statusCode(202);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("meterline_ingest_events_accepted_total"), "accepted counter");
        assertTrue(metrics.contains("meterline_ingest_batches_total{outcome=\"accepted\""), "batch counter by outcome");
        assertTrue(metrics.contains("meterline_ingest_latency_seconds_bucket"), "latency histogram");
        assertTrue(metrics.contains("meterline_ingest_events_rejected_total{code=\"IN_FLIGHT\""), "rejections by code");

        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/v1/events/ingest'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/events/{event_id}'.get.responses.'200'", notNullValue())
                .body("components.securitySchemes.apiKey.name", equalTo("X-Api-Key"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
        Audit.assertClean(customer.id());
    }
}
