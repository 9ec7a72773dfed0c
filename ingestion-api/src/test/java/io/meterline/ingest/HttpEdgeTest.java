package io.meterline.ingest;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.Json;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.RawHttp;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Port 8080 answers every status it produces itself in the one error shape, and input that can only be garbage
 * (a control character in a path or query, a cursor that is not ours, a bad percent-escape) ends in a 4xx.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class HttpEdgeTest {

    private static final String ADMIN_HEADER = "Authorization: Bearer " + AdminApi.TOKEN + "\r\n";

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /v1/admin/customers/x%00/wallet              | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/x%00                     | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/x%07/api-keys            | 400 | BAD_REQUEST",
            "DELETE | /v1/admin/api-keys/%00                       | 400 | BAD_REQUEST",
            "GET    | /v1/admin/rates?provider=a%00                | 400 | BAD_REQUEST",
            "GET    | /v1/admin/rates?model=%C2%9B                 | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers?cursor=AA                | 400 | INVALID_CURSOR",
            "GET    | /v1/admin/customers?cursor=%21%21            | 400 | INVALID_CURSOR",
            "GET    | /v1/admin/customers?cursor=_w                | 400 | INVALID_CURSOR",
            "GET    | /v1/admin/rates?cursor=AA                    | 400 | INVALID_CURSOR",
            "GET    | /v1/admin/customers/nobody-here/wallet       | 404 | NOT_FOUND",
            "GET    | /v1/admin/rates?at=1700000000                | 422 | VALIDATION_ERROR",
            "GET    | /v1/admin/rates?at=2025-06-30T23:59:60Z      | 422 | VALIDATION_ERROR",
            "GET    | /v1/admin/nothing-here                       | 404 | NOT_FOUND",
            "GET    | /v1/nothing-here                             | 404 | NOT_FOUND",
            "GET    | /nothing-here                                | 404 | NOT_FOUND",
            "DELETE | /v1/admin/customers                          | 405 | METHOD_NOT_ALLOWED"})
    void answersGarbageInTheOneShape(String method, String path, int status, String code) {
        given().urlEncodingEnabled(false).header("Authorization", "Bearer " + AdminApi.TOKEN).contentType(ContentType.JSON)
                .request(method, path).then().statusCode(status).contentType(ContentType.JSON)
                .body("error", equalTo(code)).body("message", notNullValue());
    }

    /**
     * Requests no HTTP client library sends as they are. A request-target that is not a readable URI (a malformed
     * percent-escape, escapes that are not UTF-8, a raw non-ASCII byte) is refused by EdgeGuard before any route;
     * one that reads but decodes to garbage reaches the API and ends in its 4xx.
     */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "GET    | /v1/admin/customers/%ZZ                  | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/%zz/wallet           | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/%                    | 400 | BAD_REQUEST",
            "GET    | /v1/admin/rates?provider=%ZZ             | 400 | BAD_REQUEST",
            "GET    | /v1/admin/rates?provider=a%              | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/%C0%80/wallet        | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/%C3%28               | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/%FF%FE               | 400 | BAD_REQUEST",
            "GET    | /v1/admin/rates?provider=%FF             | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/café                 | 400 | BAD_REQUEST",
            "POST   | /v1/admin/customers/%zz/wallet/top-ups   | 400 | BAD_REQUEST",
            "GET    | /v1/events/%                             | 400 | BAD_REQUEST",
            "GET    | /v1/events/%C3%28                        | 400 | BAD_REQUEST",
            "POST   | /v1/events/ingest?x=%zz                  | 400 | BAD_REQUEST",
            "GET    | /v1/balance?estimate=%zz                 | 400 | BAD_REQUEST",
            "GET    | /nowhere%zz                              | 400 | BAD_REQUEST",
            "GET    | /q/health%zz                             | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/x%00/wallet          | 400 | BAD_REQUEST",
            "GET    | /v1/admin/customers/caf%C3%A9            | 404 | NOT_FOUND"})
    void malformedRequestTargetsEndInA4xxInTheOneShape(String method, String target, int status, String code)
            throws IOException {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, method, target, ADMIN_HEADER + "Content-Length: 0\r\n");
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.isError(code), answer::toString);
    }

    @Test
    void aTargetThatIsNoUriNamesTheFieldAndTheReason() throws IOException {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "GET", "/v1/admin/customers/%C3%28", ADMIN_HEADER);
        assertEquals(400, answer.status(), answer::toString);
        assertTrue(answer.body().contains("\"field\":\"uri\",\"code\":\"MALFORMED_URI\""), answer::toString);
        assertTrue(answer.body().contains("not UTF-8 at index 20"), answer::toString);
    }

    @Test
    void aCursorThatDecodesToANulIsRefused() {
        String nul = Base64.getUrlEncoder().withoutPadding().encodeToString("a\u0000".getBytes(StandardCharsets.UTF_8));
        admin().queryParam("cursor", nul).get("/v1/admin/customers").then().statusCode(400)
                .body("error", equalTo("INVALID_CURSOR")).body("details[0].field", equalTo("cursor"));
        String id = AdminApi.createCustomer("cursor");
        admin().queryParam("cursor", nul + "." + nul).get("/v1/admin/customers/{id}/api-keys", id).then()
                .statusCode(400).body("error", equalTo("INVALID_CURSOR"));
        Audit.assertClean(id);
    }

    @Test
    void mediaTypesAndEncodingsAnswerInTheOneShape() {
        String id = AdminApi.createCustomer("media");
        admin().contentType(ContentType.TEXT).body("{\"name\": \"x\"}").post("/v1/admin/customers").then().statusCode(415)
                .body("error", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        admin().accept(ContentType.HTML).get("/v1/admin/customers/{id}", id).then().statusCode(406)
                .contentType(ContentType.JSON).body("error", equalTo("NOT_ACCEPTABLE"));
        admin().header("Content-Encoding", "gzip").body(Json.gzip("{\"amount\": \"5\", \"idempotency_key\": \"g\"}"
                .getBytes(StandardCharsets.UTF_8))).post("/v1/admin/customers/{id}/wallet/top-ups", id)
                .then().statusCode(415).body("error", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        admin().header("Content-Encoding", "br").body("{\"name\": \"x\"}").patch("/v1/admin/customers/{id}", id)
                .then().statusCode(415);
        admin().get("/v1/admin/customers/{id}", id).then().statusCode(200).body("name", equalTo("Test " + id))
                .body("wallet.balance", equalTo("0.000000000000"));
        Audit.assertClean(id);
    }

    @Test
    void anApiKeyCanBeIssuedWithAnEmptyBodyWhateverItsContentType() throws IOException {
        String id = AdminApi.createCustomer("nobody");
        String path = "/v1/admin/customers/" + id + "/api-keys";
        assertEquals(201, RawHttp.send(RestAssured.port, "POST", path, ADMIN_HEADER + "Content-Length: 0\r\n").status());
        assertEquals(201, RawHttp.send(RestAssured.port, "POST", path,
                ADMIN_HEADER + "Content-Type: application/json\r\nContent-Length: 0\r\n").status());
        assertEquals(201, RawHttp.send(RestAssured.port, "POST", path,
                ADMIN_HEADER + "Content-Type: text/plain\r\nContent-Length: 0\r\n").status());
        admin().body(Map.of()).post("/v1/admin/customers/{id}/api-keys", id).then().statusCode(201);
        admin().contentType(ContentType.TEXT).body("{\"name\": \"x\"}").post("/v1/admin/customers/{id}/api-keys", id)
                .then().statusCode(415).body("error", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        admin().get("/v1/admin/customers/{id}/api-keys", id).then().body("data", hasSize(4));
        Audit.assertClean(id);
    }

    @Test
    void aUriOverTheLimitIs414InTheOneShape() {
        String longId = "x".repeat(9000);
        admin().get("/v1/admin/customers/" + longId).then().statusCode(414).contentType(ContentType.JSON)
                .body("error", equalTo("URI_TOO_LONG"));
    }

    @Test
    void aDeclaredBodyOverTheServerLimitIs413InTheOneShape() throws Exception {
        RawHttp.Answer answer = RawHttp.send(RestAssured.port, "POST", "/v1/admin/customers",
                ADMIN_HEADER + "Content-Type: application/json\r\nContent-Length: 20000000\r\n");
        assertEquals(413, answer.status(), answer::toString);
        assertTrue(answer.isError("PAYLOAD_TOO_LARGE"), answer::toString);
        assertEquals("close", answer.header("Connection"));
    }

    /** Lines and headers between the API's limits (8 KiB, 20 KiB) and the HTTP codec's (64 KiB) reach EdgeGuard. */
    @Test
    void requestLinesAndHeadersOverTheLimitsAre414And431InTheOneShape() throws IOException {
        RawHttp.Answer longLine = RawHttp.send(RestAssured.port, "GET", "/v1/admin/customers/" + "x".repeat(20_000),
                ADMIN_HEADER);
        assertEquals(414, longLine.status(), longLine::toString);
        assertTrue(longLine.isError("URI_TOO_LONG"), longLine::toString);
        RawHttp.Answer bigHeader = RawHttp.send(RestAssured.port, "GET", "/v1/admin/customers",
                ADMIN_HEADER + "X-Padding: " + "y".repeat(21_000) + "\r\n");
        assertEquals(431, bigHeader.status(), bigHeader::toString);
        assertTrue(bigHeader.isError("HEADERS_TOO_LARGE"), bigHeader::toString);
        RawHttp.Answer manyHeaders = RawHttp.send(RestAssured.port, "GET", "/v1/admin/customers",
                ADMIN_HEADER + ("X-Padding: " + "y".repeat(1000) + "\r\n").repeat(25));
        assertEquals(431, manyHeaders.status(), manyHeaders::toString);
        assertTrue(manyHeaders.isError("HEADERS_TOO_LARGE"), manyHeaders::toString);
        // past the codec's own limit the codec answers before any handler: the status is right, the body empty
        assertEquals(414, RawHttp.send(RestAssured.port, "GET", "/" + "x".repeat(70_000), "").status());
        assertEquals(431, RawHttp.send(RestAssured.port, "GET", "/", "X-Padding: " + "y".repeat(70_000) + "\r\n")
                .status());
        admin().header("X-Padding", "y".repeat(19_000)).get("/v1/admin/customers").then().statusCode(200);
    }

    /** A body without Content-Length is read by the router up to the server's limit, then refused in the shape. */
    @Test
    void chunkedAdminBodiesAreServedUpToTheLimitThen413InTheOneShape() throws IOException {
        String id = AdminApi.uniqueId("chunked");
        byte[] customer = ("{\"id\": \"" + id + "\", \"name\": \"Chunked\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer created = RawHttp.postChunked(RestAssured.port, "/v1/admin/customers", ADMIN_HEADER, customer);
        assertEquals(201, created.status(), created::toString);
        admin().get("/v1/admin/customers/{id}", id).then().statusCode(200).body("name", equalTo("Chunked"));

        byte[] huge = ("{\"name\": \"" + "x".repeat(17 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer refused = RawHttp.postChunked(RestAssured.port, "/v1/admin/customers", ADMIN_HEADER, huge);
        assertEquals(413, refused.status(), refused::toString);
        assertTrue(refused.isError("PAYLOAD_TOO_LARGE"), refused::toString);
        assertEquals("close", refused.header("Connection"));
        Audit.assertClean(id);
    }

    @Test
    void ingestRefusesRepeatedKeysAndTrailingContent() {
        TestCustomers.Customer customer = TestCustomers.create();
        String event = Json.write(io.meterline.ingest.support.Batches.tokenEvent(customer.id()));
        String repeated = "{\"events\": [" + event.substring(0, event.length() - 1) + ", " + event.substring(1) + "]}";
        String trailing = "{\"events\": [" + event + "]} {\"events\": []}";
        for (String body : new String[] {repeated, trailing, "{\"events\": [" + event + "], \"events\": []}"}) {
            given().header("X-Api-Key", customer.apiKey()).contentType(ContentType.JSON).body(body)
                    .post("/v1/events/ingest").then().statusCode(400).body("error", equalTo("BAD_REQUEST"))
                    .body("message", startsWith("The body"));
        }
        Audit.assertClean(customer.id());
    }
}
