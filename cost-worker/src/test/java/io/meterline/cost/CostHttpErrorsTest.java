package io.meterline.cost;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.testing.MeterlineServices;
import io.meterline.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/** The port of health and metrics answers every status it produces itself in the one error shape. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class CostHttpErrorsTest {

    /** The one shape: {"error": CODE, "message": "...", "details": [...]}, as JSON. */
    private static void oneShape(ValidatableResponse response, int status, String code) {
        response.statusCode(status).contentType(startsWith("application/json"))
                .body("error", equalTo(code)).body("message", not(emptyOrNullString()))
                .body("details", instanceOf(List.class));
    }

    @Test
    void healthAndMetricsAnswerAsBefore() {
        given().get("/q/health/live").then().statusCode(200).contentType(startsWith("application/json"))
                .body("status", equalTo("UP"));
        given().accept("text/plain").get("/q/metrics").then().statusCode(200).contentType(startsWith("text/plain"))
                .body(containsString("jvm_memory_used_bytes"));
        given().head("/q/health/ready").then().statusCode(200);
    }

    @Test
    void unknownPathsAre404() {
        oneShape(given().get("/nowhere").then(), 404, "NOT_FOUND");
        oneShape(given().get("/q/nowhere").then(), 404, "NOT_FOUND");
        oneShape(given().get("/v1/events/ingest").then(), 404, "NOT_FOUND");
        oneShape(given().post("/nowhere").then(), 404, "NOT_FOUND");
    }

    @Test
    void methodsOtherThanGetOnHealthAndMetricsAre405() {
        oneShape(given().post("/q/health").then().header("Allow", "GET, HEAD"), 405, "METHOD_NOT_ALLOWED");
        oneShape(given().put("/q/health/ready").then(), 405, "METHOD_NOT_ALLOWED");
        oneShape(given().delete("/q/metrics").then(), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413() throws IOException {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "POST", "/nowhere", "Content-Length: 70000\r\n");
        assertEquals(413, answer.status(), answer::toString);
        assertTrue(answer.isError("PAYLOAD_TOO_LARGE"), answer::toString);
    }

    /** Requests no HTTP client sends as they are; each ends in the one shape (status and error code). */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /q/health/ready%          | 400 | BAD_REQUEST",
            "GET  | /q/health/%zz             | 400 | BAD_REQUEST",
            "GET  | /q/metrics?name=%C3%28    | 400 | BAD_REQUEST",
            "GET  | /q/health/é               | 400 | BAD_REQUEST",
            "GET  | /nowhere%zz               | 400 | BAD_REQUEST",
            "POST | /q/health%                | 400 | BAD_REQUEST",
            "GET  | /q/health/%C3%A9          | 404 | NOT_FOUND"})
    void malformedRequestTargetsAre400InTheOneShape(String method, String target, int status, String code)
            throws IOException {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, method, target, "Content-Length: 0\r\n");
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.isError(code), answer::toString);
    }

    @Test
    void requestLinesAndHeadersOverTheLimitsAre414And431InTheOneShape() throws IOException {
        RawHttp.Answer longLine = RawHttp.send(RestAssured.port, "GET", "/q/health/" + "x".repeat(9 * 1024), "");
        assertEquals(414, longLine.status(), longLine::toString);
        assertTrue(longLine.isError("URI_TOO_LONG"), longLine::toString);
        RawHttp.Answer bigHeader = RawHttp.send(RestAssured.port, "GET", "/q/health/live",
                "X-Padding: " + "y".repeat(21_000) + "\r\n");
        assertEquals(431, bigHeader.status(), bigHeader::toString);
        assertTrue(bigHeader.isError("HEADERS_TOO_LARGE"), bigHeader::toString);
    }

    /**
     * Past the HTTP codec's own limits (64 KiB) the codec answers before any handler (EdgeRules says why): the
     * nearest to the one shape is the right status, with an empty body.
     */
    @Test
    void pastTheCodecLimitsOnlyTheStatusIsRight() throws IOException {
        RawHttp.Answer longLine = RawHttp.send(RestAssured.port, "GET", "/q/health/" + "x".repeat(70 * 1024), "");
        assertEquals(414, longLine.status(), longLine::toString);
        assertEquals("", longLine.body(), longLine::toString);
        RawHttp.Answer bigHeader = RawHttp.send(RestAssured.port, "GET", "/q/health/live",
                "X-Padding: " + "y".repeat(70 * 1024) + "\r\n");
        assertEquals(431, bigHeader.status(), bigHeader::toString);
        assertEquals("", bigHeader.body(), bigHeader::toString);
    }
}
