package io.meterline.aggregation;

import static io.meterline.aggregation.UsageRows.ADMIN;
import static io.meterline.aggregation.UsageRows.runJob;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.testing.MeterlineServices;
import io.meterline.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** Every status this service produces itself has the one error shape; backfill ranges are limited. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AggregationErrorsTest {

    private static final String JOBS = "/v1/aggregation/jobs";
    private static final String ADMIN_HEADER = "Authorization: " + ADMIN + "\r\n";

    private static RequestSpecification admin() {
        return given().header("Authorization", ADMIN).urlEncodingEnabled(false);
    }

    /** The one shape: {"error": CODE, "message": "...", "details": [...]}, as JSON. */
    private static void oneShape(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType(startsWith("application/json"))
                .body("error", equalTo(code)).body("message", not(emptyOrNullString()))
                .body("details", instanceOf(List.class));
    }

    @Test
    void malformedBodiesAre400() {
        oneShape(admin().contentType("application/json").body("{\"from\": ").post(JOBS).then(), 400, "MALFORMED_JSON");
        oneShape(admin().contentType("application/json")
                .body("{\"from\": \"2026-03-14T00:00:00Z\", \"to\": \"2026-03-15T00:00:00Z\", \"from\": \"2026-03-13T00:00:00Z\"}")
                .post(JOBS).then(), 400, "MALFORMED_JSON");
        oneShape(admin().contentType("application/json").body("{} []").post(JOBS).then(), 400, "MALFORMED_JSON");
        oneShape(admin().contentType("application/json").body("{\"from\": 1773446400, \"to\": 1773532800}").post(JOBS)
                .then().body("details[0].field", equalTo("from")), 400, "BAD_REQUEST");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1999-12-31T00:00:00Z | 2000-01-02T00:00:00Z | from | OUT_OF_RANGE",
            "2026-03-14T00:00:00Z | 2101-01-02T00:00:00Z | to   | OUT_OF_RANGE",
            "2026-03-14T00:00:00Z | 2026-03-14T00:00:00Z | from | INVALID_RANGE",
            "2024-01-01T00:00:00Z | 2025-02-04T00:00:01Z | to   | RANGE_TOO_LONG",
    })
    void backfillRangesAreLimited(String from, String to, String field, String code) {
        oneShape(admin().contentType("application/json").body("{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}")
                .post(JOBS).then().body("details[0].field", equalTo(field)).body("details[0].code", equalTo(code)),
                422, "VALIDATION_ERROR");
    }

    @Test
    void aBackfillOfExactlyTheMaximumAndAnEmptyBodyAreAccepted() {
        runJob("{\"from\": \"2024-01-01T00:00:00Z\", \"to\": \"2025-02-04T00:00:00Z\"}", "SUCCEEDED"); // 400 days
        String id = admin().post(JOBS).then().statusCode(202).body("trigger", equalTo("MANUAL")).extract().path("job_id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin()
                .get(JOBS + "/" + id).then().statusCode(200).body("status", equalTo("SUCCEEDED")));
    }

    @Test
    void statusesTheServerProducesItselfHaveTheShape() {
        oneShape(admin().get("/nowhere").then(), 404, "NOT_FOUND");
        oneShape(admin().get(JOBS + "/" + UUID.randomUUID() + "/more").then(), 404, "NOT_FOUND");
        oneShape(admin().delete(JOBS).then(), 405, "METHOD_NOT_ALLOWED");
        oneShape(admin().put(JOBS + "/" + UUID.randomUUID()).then(), 405, "METHOD_NOT_ALLOWED");
        oneShape(admin().accept("text/html").get(JOBS + "/" + UUID.randomUUID()).then(), 406, "NOT_ACCEPTABLE");
        oneShape(admin().contentType("text/plain").body("{}").post(JOBS).then(), 415, "UNSUPPORTED_MEDIA_TYPE");
        oneShape(admin().contentType("application/json").body("{\"from\": \"" + "x".repeat(70_000) + "\"}").post(JOBS)
                .then(), 413, "PAYLOAD_TOO_LARGE");
        oneShape(given().contentType("application/json").body("{}").post(JOBS).then(), 401, "UNAUTHORIZED");
    }

    @Test
    void malformedJobIdsAreNotFoundNeverA500() {
        oneShape(admin().get(JOBS + "/" + UUID.randomUUID()).then(), 404, "NOT_FOUND");
        oneShape(admin().get(JOBS + "/not-a-uuid").then(), 404, "NOT_FOUND");
        oneShape(admin().get(JOBS + "/1-1-1-1-1").then(), 404, "NOT_FOUND");
        oneShape(admin().get(JOBS + "/x%00").then(), 404, "NOT_FOUND");
        oneShape(admin().get(JOBS + "/%00").then(), 404, "NOT_FOUND");
    }

    /** Requests no HTTP client sends as they are; each ends in the one shape (status and error code). */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /v1/aggregation/jobs/%zz           | 400 | BAD_REQUEST",
            "GET  | /v1/aggregation/jobs/%             | 400 | BAD_REQUEST",
            "GET  | /v1/aggregation/jobs/%C3%28        | 400 | BAD_REQUEST",
            "GET  | /v1/aggregation/jobs/é             | 400 | BAD_REQUEST",
            "POST | /v1/aggregation/jobs?from=%zz      | 400 | BAD_REQUEST",
            "GET  | /nowhere%zz                        | 400 | BAD_REQUEST",
            "GET  | /q/health/ready%                   | 400 | BAD_REQUEST",
            "GET  | /v1/aggregation/jobs/%C3%A9        | 404 | NOT_FOUND"})
    void malformedRequestTargetsAre400InTheOneShape(String method, String target, int status, String code)
            throws IOException {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, method, target, ADMIN_HEADER + "Content-Length: 0\r\n");
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.isError(code), answer::toString);
    }

    @Test
    void requestLinesAndHeadersOverTheLimitsAre414And431InTheOneShape() throws IOException {
        RawHttp.Answer longLine = RawHttp.send(RestAssured.port, "GET", JOBS + "/" + "x".repeat(9 * 1024),
                ADMIN_HEADER);
        assertEquals(414, longLine.status(), longLine::toString);
        assertTrue(longLine.isError("URI_TOO_LONG"), longLine::toString);
        RawHttp.Answer bigHeader = RawHttp.send(RestAssured.port, "GET", JOBS + "/" + UUID.randomUUID(),
                ADMIN_HEADER + "X-Padding: " + "y".repeat(21_000) + "\r\n");
        assertEquals(431, bigHeader.status(), bigHeader::toString);
        assertTrue(bigHeader.isError("HEADERS_TOO_LARGE"), bigHeader::toString);
    }

    /**
     * Past the HTTP codec's own limits (64 KiB) the codec answers before any handler (EdgeRules says why): the
     * nearest to the one shape is the right status, with an empty body.
     */
    @Test
    void pastTheCodecLimitsOnlyTheStatusIsRight() throws IOException {
        RawHttp.Answer longLine = RawHttp.send(RestAssured.port, "GET", JOBS + "/" + "x".repeat(70 * 1024),
                ADMIN_HEADER);
        assertEquals(414, longLine.status(), longLine::toString);
        assertEquals("", longLine.body(), longLine::toString);
        RawHttp.Answer bigHeader = RawHttp.send(RestAssured.port, "GET", JOBS,
                ADMIN_HEADER + "X-Padding: " + "y".repeat(70 * 1024) + "\r\n");
        assertEquals(431, bigHeader.status(), bigHeader::toString);
        assertEquals("", bigHeader.body(), bigHeader::toString);
    }

    @Test
    void chunkedBodiesAreReadUpToTheLimitThen413InTheOneShape() throws IOException {
        byte[] job = "{\"from\": \"2026-03-14T00:00:00Z\", \"to\": \"2026-03-14T01:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer accepted = RawHttp.postChunked(RestAssured.port, JOBS, ADMIN_HEADER, job);
        assertEquals(202, accepted.status(), accepted::toString);
        String id = new ObjectMapper().readTree(accepted.body()).path("job_id").asText();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> admin()
                .get(JOBS + "/" + id).then().statusCode(200).body("status", equalTo("SUCCEEDED")));

        byte[] huge = ("{\"from\": \"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer refused = RawHttp.postChunked(RestAssured.port, JOBS, ADMIN_HEADER, huge);
        assertEquals(413, refused.status(), refused::toString);
        assertTrue(refused.isError("PAYLOAD_TOO_LARGE"), refused::toString);
        assertEquals("close", refused.header("Connection"));
    }
}
