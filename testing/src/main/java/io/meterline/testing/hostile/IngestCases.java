package io.meterline.testing.hostile;

import static io.meterline.testing.hostile.HostileCase.bare;
import static io.meterline.testing.hostile.HostileCase.json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import io.meterline.testing.hostile.HostileCase.Auth;

/**
 * Hostile requests at the ingest edge ({@code POST /v1/events/ingest}) and the event status lookup: every field of
 * an otherwise valid event given every wrong kind of value, broken and truncated JSON, batches past 1000 events or
 * 5 MB, gzip bombs, wrong content types, repeated ids, other customers' ids and bad keys. Each batch holds only events
 * that must be refused, so the documented answer is 400, 401, 403, 413, 415 or 422 and nothing reaches Kafka.
 */
final class IngestCases {

    static final String INGEST = "/v1/events/ingest";

    /** Values no string field of an event accepts, as JSON text (blank optional strings count as absent). */
    static final List<String> BAD_STRINGS = List.of("1", "true", "[]", "{}", "\"\\u0000\"", "\"a\\ud800\"",
            "\"\\udc00\"", "\"\\u0007bell\"", "\"a\\u009bb\"", "\"" + "x".repeat(10_000) + "\"");

    /** Values no token counter accepts. */
    static final List<String> BAD_COUNTERS = List.of("-1", "1000000000001", "9223372036854775808", "1e400", "1.5",
            "\"12\"", "true", "[]", "{}", "\"NaN\"", "-0.0001");

    private final Corpus.Ids ids;
    private final List<HostileCase> cases = new ArrayList<>();

    private IngestCases(Corpus.Ids ids) {
        this.ids = ids;
    }

    static List<HostileCase> all(Corpus.Ids ids) {
        IngestCases c = new IngestCases(ids);
        c.fieldValues();
        c.brokenJson();
        c.batchLimits();
        c.protocol();
        c.credentials();
        c.lookups();
        return c.cases;
    }

    /** A valid TOKEN_USAGE event with {@code field} set to the raw JSON {@code value} (null value: field left out). */
    String event(String field, String value) {
        String[][] fields = {
                { "event_id", "\"" + UUID.randomUUID() + "\"" },
                { "customer_id", Corpus.quote(ids.customer()) },
                { "event_type", "\"TOKEN_USAGE\"" },
                { "feature_id", "\"chat\"" },
                { "provider", "\"openai\"" },
                { "model", "\"gpt-4o-mini\"" },
                { "input_tokens", "10" },
                { "output_tokens", "5" },
                { "timestamp", Corpus.quote(ids.now()) } };
        return Corpus.object(fields, field, value);
    }

    private static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private void add(String name, String body, Integer... expected) {
        cases.add(json("ingest " + name, "POST", INGEST, Auth.KEY, body, expected));
    }

    private void fieldValues() {
        for (String field : List.of("event_id", "customer_id", "event_type", "feature_id", "provider", "model",
                "timestamp", "idempotency_key", "user_id", "team_id", "unit")) {
            for (String value : BAD_STRINGS) {
                add(field + "=" + abbreviate(value), batch(event(field, value)), 400, 403, 422);
            }
        }
        for (String field : List.of("event_id", "customer_id", "event_type", "feature_id", "provider", "model",
                "timestamp")) {
            add(field + " missing", batch(event(field, null)), 422);
            add(field + "=null", batch(event(field, "null")), 422);
            add(field + " blank", batch(event(field, "\"  \"")), 422);
        }
        for (String field : List.of("input_tokens", "output_tokens", "cached_input_tokens", "cache_write_tokens")) {
            for (String value : BAD_COUNTERS) {
                add(field + "=" + value, batch(event(field, value)), 400, 422);
            }
        }
        for (String value : List.of("-1", "1e13", "1e400", "0.0000000000000000001", "\"abc\"", "[]", "true")) {
            add("quantity=" + value, batch(event("quantity", value)), 400, 422);
        }
        for (String value : List.of("\"not-a-time\"", "\"2026-13-01T00:00:00Z\"", "\"1999-01-01T00:00:00Z\"",
                "\"2999-01-01T00:00:00Z\"", "\"2026-12-01 10:00:00\"", "1733000000")) {
            add("timestamp=" + value, batch(event("timestamp", value)), 400, 422);
        }
        for (String value : List.of("\"SQL'; DROP TABLE usage_events; --\"", "\"<script>alert(1)</script>\"",
                "\"token_usage\"", "\"${jndi:ldap://x/a}\"")) {
            add("event_type=" + abbreviate(value), batch(event("event_type", value)), 400, 422);
        }
        for (String value : List.of("[]", "\"x\"", "42", "{\"k\":\"\\u0000\"}", "{\"\\ud800\":1}",
                "{\"n\":1" + "0".repeat(70) + "}", "{\"big\":\"" + "x".repeat(20_000) + "\"}")) {
            add("metadata=" + abbreviate(value), batch(event("metadata", value)), 400, 413, 422);
        }
        add("another customer's id", batch(event("customer_id", Corpus.quote(ids.other()))), 403, 422);
        add("an unknown customer's id", batch(event("customer_id", "\"no-such-customer-x\"")), 403, 422);
        add("CUSTOM without unit", batch(event("event_type", "\"CUSTOM\"")), 422);
        add("IMAGE_GENERATION without quantity", batch(event("event_type", "\"IMAGE_GENERATION\"")), 422);
        String event = event("feature_id", "\"\\u0000\"");
        add("one bad event twice", batch(event, event), 422);
    }

    private void brokenJson() {
        String whole = batch(event("feature_id", "\"\\u0007\""));
        for (int cut : new int[] { 1, 2, 11, 12, 40, whole.length() / 2, whole.length() - 2, whole.length() - 1 }) {
            add("truncated at " + cut, whole.substring(0, cut), 400, 422);
        }
        for (String body : List.of("", "{", "}", "[]", "null", "\"events\"", "42", "{\"events\":}", "{\"events\":null}",
                "{\"events\":{}}", "{\"events\":\"x\"}", "{\"events\":[]}", "{\"events\":[null]}", "{\"events\":[1]}",
                "{\"events\":[[]]}", "{'events':[]}", "{\"events\":[],}", "{\"events\":[NaN]}",
                "{\"events\":[Infinity]}", "{\"events\":[" + event("input_tokens", "NaN") + "]}",
                "{\"events\":[" + event("input_tokens", "-Infinity") + "]}", whole + whole, whole + " x",
                "{\"events\":[" + event("model", "\"a\", \"model\": \"b\"") + "]}", "\uFEFF" + whole,
                "{\"events\":[{\"event_id\":" + "[".repeat(5000) + "]}]}")) {
            add("broken JSON " + abbreviate(body), body, 400, 413, 422);
        }
    }

    private void batchLimits() {
        String bad = event("feature_id", "\"\\u0000\"");
        String[] many = new String[1001];
        for (int i = 0; i < many.length; i++) {
            many[i] = event("feature_id", "\"\\u0000\"");
        }
        add("1001 events", batch(many), 413, 422);
        String padded = event("metadata", "{\"pad\":\"" + "p".repeat(6 * 1024 * 1024) + "\"}");
        add("6 MB body", batch(padded), 413);
        cases.add(new HostileCase("ingest gzip bomb (64 MiB of zeros)", "POST", INGEST, Auth.KEY,
                List.of("Content-Type: application/json", "Content-Encoding: gzip"), gzipZeros(1 << 26), Set.of(400, 413)));
        cases.add(new HostileCase("ingest gzip header, not gzip", "POST", INGEST, Auth.KEY,
                List.of("Content-Type: application/json", "Content-Encoding: gzip"),
                batch(bad).getBytes(StandardCharsets.UTF_8), Set.of(400, 415)));
        cases.add(new HostileCase("ingest unknown content encoding", "POST", INGEST, Auth.KEY,
                List.of("Content-Type: application/json", "Content-Encoding: br"),
                batch(bad).getBytes(StandardCharsets.UTF_8), Set.of(400, 415)));
        cases.add(new HostileCase("ingest Content-Length past the limit, body short", "POST", INGEST, Auth.KEY,
                List.of("Content-Type: application/json", "Content-Length: 104857600"), new byte[0], Set.of(413)));
    }

    private void protocol() {
        String body = batch(event("feature_id", "\"\\u0000\""));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json-patch+json", "application/octet-stream")) {
            cases.add(new HostileCase("ingest as " + type, "POST", INGEST, Auth.KEY, List.of("Content-Type: " + type),
                    body.getBytes(StandardCharsets.UTF_8), Set.of(415)));
        }
        cases.add(new HostileCase("ingest without content type", "POST", INGEST, Auth.KEY, List.of(),
                body.getBytes(StandardCharsets.UTF_8), Set.of(400, 415, 422)));
        cases.add(new HostileCase("ingest latin-1 bytes", "POST", INGEST, Auth.KEY, HostileCase.JSON,
                body.replace("\\u0000", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1), Set.of(400, 422)));
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            cases.add(bare("ingest by " + method, method, INGEST, Auth.KEY, 400, 404, 405));
        }
    }

    private void credentials() {
        String body = batch(event("feature_id", "\"chat\""));
        for (Auth auth : List.of(Auth.NONE, Auth.REVOKED_KEY, Auth.UNKNOWN_KEY, Auth.ADMIN)) {
            cases.add(json("ingest a valid event with " + auth, "POST", INGEST, auth, body, 401, 403));
        }
        cases.add(json("ingest the corpus customer's event with the other's key", "POST", INGEST, Auth.OTHER_KEY, body,
                403, 422));
        for (String header : List.of("X-Api-Key: ", "X-Api-Key: ml_", "X-Api-Key: ml_\u00e9\u00e9",
                "X-Api-Key: ' OR '1'='1", "Authorization: Bearer ml_nope", "X-Api-Key: " + "k".repeat(4000))) {
            cases.add(new HostileCase("ingest with header " + abbreviate(header), "POST", INGEST, Auth.NONE,
                    List.of("Content-Type: application/json", header), body.getBytes(StandardCharsets.UTF_8),
                    Set.of(400, 401)));
        }
    }

    private void lookups() {
        for (String id : List.of("not-a-uuid", "%27%20OR%201%3D1--", "00000000-0000-0000-0000-000000000000",
                UUID.randomUUID().toString(), "%00", "..%2F..%2Fadmin", "x".repeat(300))) {
            cases.add(bare("event status " + abbreviate(id), "GET", "/v1/events/" + id, Auth.KEY, 400, 404));
        }
        cases.add(bare("event status without key", "GET", "/v1/events/" + UUID.randomUUID(), Auth.NONE, 401));
        cases.add(bare("event status, malformed escape", "GET", "/v1/events/%zz", Auth.KEY, 400));
    }

    static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() <= 40 ? one : one.substring(0, 37) + "...";
    }

    static byte[] gzipZeros(long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
