package io.meterline.ingest;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.Json;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.testing.MeterlineServices;
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
     * Requests no HTTP client library sends as they are. A request-target that java.net.URI rejects (a malformed
     * percent-escape) is answered by Quarkus's own check with a bare 400 before any handler runs; one that parses
     * but decodes to garbage reaches the API and ends in its 4xx.
     */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "GET /v1/admin/customers/%ZZ                   | 400 | -",
            "GET /v1/admin/customers/%                     | 400 | -",
            "GET /v1/admin/rates?provider=%ZZ              | 400 | -",
            "GET /v1/admin/rates?provider=a%               | 400 | -",
            "GET /v1/admin/customers/%C0%80/wallet         | 404 | NOT_FOUND",
            "GET /v1/admin/customers/%FF%FE                | 404 | NOT_FOUND",
            "GET /v1/admin/rates?provider=%FF              | 200 | -"})
    void malformedEscapesEndInA4xx(String request, int status, String code) throws IOException {
        String answer = raw(request, "");
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        assertTrue(code.equals("-") || answer.contains("\"error\":\"" + code + "\""), answer);
    }

    @Test
    void aCursorThatDecodesToANulIsRefused() {
        String nul = Base64.getUrlEncoder().withoutPadding().encodeToString("a\u0000".getBytes(StandardCharsets.UTF_8));
        admin().queryParam("cursor", nul).get("/v1/admin/customers").then().statusCode(400)
                .body("error", equalTo("INVALID_CURSOR")).body("details[0].field", equalTo("cursor"));
        admin().queryParam("cursor", nul + "." + nul).get("/v1/admin/customers/{id}/api-keys",
                AdminApi.createCustomer("cursor")).then().statusCode(400).body("error", equalTo("INVALID_CURSOR"));
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
    }

    @Test
    void anApiKeyCanBeIssuedWithAnEmptyBodyWhateverItsContentType() throws IOException {
        String id = AdminApi.createCustomer("nobody");
        String path = "POST /v1/admin/customers/" + id + "/api-keys";
        assertTrue(raw(path, "Content-Length: 0\r\n").startsWith("HTTP/1.1 201"));
        assertTrue(raw(path, "Content-Type: application/json\r\nContent-Length: 0\r\n").startsWith("HTTP/1.1 201"));
        assertTrue(raw(path, "Content-Type: text/plain\r\nContent-Length: 0\r\n").startsWith("HTTP/1.1 201"));
        admin().body(Map.of()).post("/v1/admin/customers/{id}/api-keys", id).then().statusCode(201);
        admin().contentType(ContentType.TEXT).body("{\"name\": \"x\"}").post("/v1/admin/customers/{id}/api-keys", id)
                .then().statusCode(415).body("error", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        admin().get("/v1/admin/customers/{id}/api-keys", id).then().body("data", hasSize(4));
    }

    @Test
    void aUriOverTheLimitIs414InTheOneShape() {
        String longId = "x".repeat(9000);
        admin().get("/v1/admin/customers/" + longId).then().statusCode(414).contentType(ContentType.JSON)
                .body("error", equalTo("URI_TOO_LONG"));
    }

    @Test
    void aDeclaredBodyOverTheServerLimitIs413InTheOneShape() throws Exception {
        String answer = raw("POST /v1/admin/customers", "Content-Type: application/json\r\nContent-Length: 20000000\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"error\":\"PAYLOAD_TOO_LARGE\""), answer);
    }

    /** Sends {@code request} (method and target as written, no body) with the admin token and reads the answer. */
    private static String raw(String request, String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((request + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + AdminApi.TOKEN + "\r\n"
                    + headers + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /** The status line, headers and body (Content-Length bytes) of one answer. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
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
    }
}
