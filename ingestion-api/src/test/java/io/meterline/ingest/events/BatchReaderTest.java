package io.meterline.ingest.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.ingest.http.ApiException;

class BatchReaderTest {

    final BatchReader reader = new BatchReader(new ObjectMapper(), 1000, 4000, 3);

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json                      | 400 | BAD_REQUEST",
            "[1, 2]                        | 400 | BAD_REQUEST",
            "{\"events\": []}              | 400 | BAD_REQUEST",
            "{\"events\": {}}              | 400 | BAD_REQUEST",
            "{\"other\": [1]}              | 400 | BAD_REQUEST",
            "{\"events\": [1, 2, 3, 4]}    | 413 | PAYLOAD_TOO_LARGE"})
    void refusesBadBodies(String body, int status, String code) {
        ApiException e = assertThrows(ApiException.class, () -> read("application/json", null, body.getBytes(StandardCharsets.UTF_8)));

        assertEquals(status, e.status());
        assertEquals(code, e.code());
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {"NULL", "text/plain", "application/x-www-form-urlencoded", "application/jsonx"})
    void refusesOtherContentTypes(String contentType) {
        ApiException e = assertThrows(ApiException.class, () -> read(contentType, null, "{\"events\": [1]}".getBytes()));

        assertEquals(415, e.status());
    }

    @Test
    void readsJsonWithCharsetAndGzip() {
        byte[] body = "{\"events\": [{\"a\": 1}, {\"a\": 2}]}".getBytes(StandardCharsets.UTF_8);

        assertEquals(2, read("application/json; charset=utf-8", null, body).size());
        assertEquals(2, read("application/json", "gzip", gzip(body)).size());
    }

    @Test
    void refusesOversizedBodiesAndGzipBombs() {
        byte[] big = ("{\"events\": [\"" + "x".repeat(1000) + "\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] bomb = gzip(("{\"events\": [\"" + " ".repeat(100_000) + "\"]}").getBytes(StandardCharsets.UTF_8));

        assertEquals(413, assertThrows(ApiException.class, () -> read("application/json", null, big)).status());
        assertEquals(true, bomb.length < 1000);
        assertEquals(413, assertThrows(ApiException.class, () -> read("application/json", "gzip", bomb)).status());
        assertEquals(400, assertThrows(ApiException.class, () -> read("application/json", "gzip", "{\"events\": [1]}".getBytes())).status());
        assertEquals(415, assertThrows(ApiException.class, () -> read("application/json", "br", "{\"events\": [1]}".getBytes())).status());
    }

    private com.fasterxml.jackson.databind.node.ArrayNode read(String type, String encoding, byte[] body) {
        return reader.read(type, encoding, body);
    }

    static byte[] gzip(byte[] data) {
        return io.meterline.ingest.support.Json.gzip(data);
    }
}
