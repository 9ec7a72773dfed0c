package io.meterline.sdk;

import static io.meterline.sdk.FakeApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Charges, refunds and reservations against a local fake API: the exact request bodies, ids generated once and
 * re-sent by the retries (network error, 429, 503 only), 402 as {@link InsufficientCreditsException}.
 */
class DirectCallsTest {
    static final String CHARGE = """
            {"customer_id":"acme","request_id":"%s","status":"CHARGED","amount":"25.000000000000",
             "refunded_amount":"0.000000000000","feature_id":"pdf-report","description":"Q3 report",
             "metadata":{"pages":12},"created_at":"2026-11-21T12:00:00Z",
             "ledger_transaction":{"id":118,"seq":7,"type":"CHARGE","amount":"-25.000000000000",
              "balance_after":"475.000000000000"}}""";
    static final String RESERVATION = """
            {"reservation_id":"%s","customer_id":"acme","estimate":"12.5","status":"OPEN","feature_id":"chat",
             "expires_at":"2026-11-21T12:05:00Z","created_at":"2026-11-21T12:00:00Z","balance":"100.000000000000",
             "held":"12.500000000000","available":"87.500000000000","spend_mode":"HARD"}""";
    static final String INSUFFICIENT = """
            {"error":"INSUFFICIENT_CREDITS","message":"available 3.5 < estimate 12.5","available":"3.500000000000",
             "estimate":"12.5","details":[]}""";

    FakeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    MeterlineClient client() {
        return MeterlineClient.builder(api.url(), "ml_test_key").customerId("acme").shutdownHook(false)
                .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(40)).build();
    }

    static JsonNode tree(String json) {
        return Json.tree(json);
    }

    String sent(int i, String field) {
        return api.requests.get(i).body().path(field).asText();
    }

    @Test
    void chargeSendsTheExactBodyAndRetriesWithTheSameGeneratedRequestId() {
        api.then(json(503, "{\"error\":\"UNAVAILABLE\",\"message\":\"db\"}", "0")).then(FakeApi.DROP)
                .then(json(429, "{\"error\":\"RATE_LIMITED\",\"message\":\"slow\"}", "0"))
                .then(r -> json(200, CHARGE.formatted(r.body().path("request_id").asText())));
        try (MeterlineClient c = client()) {
            Charge charge = c.charge(ChargeRequest.of(new BigDecimal("25.00")).featureId("pdf-report")
                    .description("Q3 report").metadata(Map.of("pages", 12)).reservationId("res-1"));
            String id = sent(0, "request_id");
            UUID.fromString(id);
            assertEquals(tree("""
                    {"request_id":"%s","amount":"25.00","feature_id":"pdf-report","description":"Q3 report",
                     "metadata":{"pages":12},"reservation_id":"res-1"}""".formatted(id)), api.requests.get(0).body());
            assertEquals(4, api.requests.size());
            api.requests.forEach(r -> assertEquals(api.requests.get(0).body(), r.body()));
            assertEquals("POST /v1/charges", api.requests.get(3).method() + " " + api.requests.get(3).path());
            assertEquals(new Charge("acme", id, "CHARGED", new BigDecimal("25.000000000000"),
                    new BigDecimal("0.000000000000"), "pdf-report", "Q3 report", Map.of("pages", 12), null,
                    "2026-11-21T12:00:00Z", 118L, new BigDecimal("475.000000000000"), false), charge);
        }
    }

    @Test
    void eachCallGetsItsOwnIdAndAGivenIdIsKept() {
        api.otherwise(r -> json(201, CHARGE.formatted(r.body().path("request_id").asText())));
        try (MeterlineClient c = client()) {
            assertTrue(c.charge(BigDecimal.ONE).created());
            c.charge(BigDecimal.ONE);
            c.charge(ChargeRequest.of(BigDecimal.TEN).requestId("report-42"));
        }
        assertEquals(tree("{\"request_id\":\"" + sent(0, "request_id") + "\",\"amount\":\"1\"}"), api.requests.get(0).body());
        assertFalse(sent(0, "request_id").equals(sent(1, "request_id")));
        assertEquals("report-42", sent(2, "request_id"));
    }

    @Test
    void insufficientCreditsIsTypedAndConflictsAndOtherErrorsAreNeverRetried() {
        api.then(json(402, INSUFFICIENT))
                .then(json(409, "{\"error\":\"IDEMPOTENCY_CONFLICT\",\"message\":\"used\",\"details\":[]}"))
                .then(json(500, "{\"error\":\"INTERNAL\",\"message\":\"boom\"}"));
        try (MeterlineClient c = client()) {
            InsufficientCreditsException e = assertThrows(InsufficientCreditsException.class,
                    () -> c.charge(BigDecimal.TEN));
            assertEquals(402, e.status());
            assertEquals(new BigDecimal("3.500000000000"), e.available());
            assertEquals(new BigDecimal("12.5"), e.estimate());
            MeterlineException conflict = assertThrows(MeterlineException.class,
                    () -> c.charge(ChargeRequest.of(BigDecimal.TEN).requestId("r1")));
            assertEquals("IDEMPOTENCY_CONFLICT", conflict.code());
            assertEquals(500, assertThrows(MeterlineException.class, () -> c.refund(
                    RefundRequest.ofCharge("r1", "oops"))).status());
        }
        assertEquals(3, api.requests.size());
    }

    @Test
    void retriesStopAfterDirectRetries() {
        api.otherwise(r -> json(503, "{\"error\":\"UNAVAILABLE\",\"message\":\"down\"}", "0"));
        try (MeterlineClient c = MeterlineClient.builder(api.url(), "k").shutdownHook(false).directRetries(2)
                .initialBackoff(Duration.ofMillis(1)).build()) {
            assertEquals("UNAVAILABLE", assertThrows(MeterlineException.class, () -> c.reserve(BigDecimal.ONE)).code());
        }
        assertEquals(3, api.requests.size());
        assertEquals(1, api.requests.stream().map(r -> r.body().path("reservation_id").asText()).distinct().count());
    }

    @Test
    void refundOfAChargeOrOfAnEventRetriesWithTheSameRefundId() {
        UUID event = UUID.fromString("0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b");
        api.then(FakeApi.DROP).then(r -> json(201, """
                {"customer_id":"acme","refund_id":"%s","charge_request_id":"report-42","amount":"10.000000000000",
                 "reason":"failed","feature_id":"pdf-report","original_ledger_tx_id":118,"created_at":"2026-11-21T12:05:00Z",
                 "ledger_transaction":{"id":131,"balance_after":"470.000000000000"}}""".formatted(
                        r.body().path("refund_id").asText())))
                .then(json(201, "{\"refund_id\":\"rf-2\",\"event_id\":\"" + event + "\",\"amount\":\"0.5\"}"));
        try (MeterlineClient c = client()) {
            Refund r = c.refund(RefundRequest.ofCharge("report-42", "failed").amount(new BigDecimal("10")));
            String id = sent(0, "refund_id");
            assertEquals(tree("{\"refund_id\":\"" + id + "\",\"charge_request_id\":\"report-42\",\"amount\":\"10\","
                    + "\"reason\":\"failed\"}"), api.requests.get(0).body());
            assertEquals(api.requests.get(0).body(), api.requests.get(1).body());
            assertEquals(new Refund("acme", id, "report-42", null, new BigDecimal("10.000000000000"), "failed",
                    "pdf-report", 118L, "2026-11-21T12:05:00Z", 131L, new BigDecimal("470.000000000000"), true), r);
            assertEquals(event.toString(), c.refund(RefundRequest.ofEvent(event, "bad answer").refundId("rf-2")).eventId());
        }
        assertEquals(tree("{\"refund_id\":\"rf-2\",\"event_id\":\"" + event + "\",\"reason\":\"bad answer\"}"),
                api.requests.get(2).body());
        assertThrows(IllegalArgumentException.class, () -> new RefundRequest(null, "c", event, null, "both"));
    }

    @Test
    void getChargeIsEmptyWhenUnknown() {
        api.then(json(200, CHARGE.formatted("report 42"))).then(json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no\"}"));
        try (MeterlineClient c = client()) {
            assertEquals("report 42", c.getCharge("report 42").orElseThrow().requestId());
            assertTrue(c.getCharge("nope").isEmpty());
        }
        assertEquals("/v1/charges/report%2042", api.requests.get(0).path());
        assertEquals("GET", api.requests.get(0).method());
    }

    @Test
    void reserveSendsTheExactBodyAndAGeneratedIdThatRetriesKeep() {
        api.then(json(503, "{\"error\":\"UNAVAILABLE\",\"message\":\"x\"}", "0"))
                .then(r -> json(201, RESERVATION.formatted(r.body().path("reservation_id").asText())))
                .then(json(402, INSUFFICIENT));
        try (MeterlineClient c = client()) {
            Reservation r = c.reserve(new BigDecimal("12.5"), ReserveOptions.defaults().ttlSeconds(60).featureId("chat")
                    .metadata(Map.of("run", "r-1")));
            String id = sent(0, "reservation_id");
            UUID.fromString(id);
            assertEquals(tree("{\"reservation_id\":\"" + id + "\",\"estimate\":\"12.5\",\"ttl_seconds\":60,"
                    + "\"feature_id\":\"chat\",\"metadata\":{\"run\":\"r-1\"}}"), api.requests.get(0).body());
            assertEquals(api.requests.get(0).body(), api.requests.get(1).body());
            assertEquals(new Reservation(id, "acme", new BigDecimal("12.5"), "OPEN", "chat", "2026-11-21T12:05:00Z",
                    "2026-11-21T12:00:00Z", null, null, null, null, new BigDecimal("100.000000000000"),
                    new BigDecimal("12.500000000000"), new BigDecimal("87.500000000000"), "HARD", true), r);
            InsufficientCreditsException e = assertThrows(InsufficientCreditsException.class,
                    () -> c.reserve(new BigDecimal("12.5"), ReserveOptions.defaults().reservationId("run-7")));
            assertEquals(new BigDecimal("3.500000000000"), e.available());
        }
        assertEquals(tree("{\"reservation_id\":\"run-7\",\"estimate\":\"12.5\"}"), api.requests.get(2).body());
        assertEquals(3, api.requests.size());
    }

    @Test
    void releaseAndGetReservation() {
        api.then(json(200, RESERVATION.replace("\"OPEN\"", "\"RELEASED\"").formatted("run-7")))
                .then(json(409, "{\"error\":\"RESERVATION_CLOSED\",\"message\":\"SETTLED\",\"details\":[]}"))
                .then(json(200, RESERVATION.replace("\"OPEN\"", "\"SETTLED\"").formatted("run-8").replace("}",
                        ",\"settled_amount\":\"11.2\",\"settled_by\":{\"kind\":\"event\",\"id\":\"e-1\"},"
                                + "\"closed_at\":\"2026-11-21T12:01:00Z\"}")))
                .then(json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no\"}"));
        try (MeterlineClient c = client()) {
            assertEquals("RELEASED", c.release("run-7").status());
            assertEquals("RESERVATION_CLOSED", assertThrows(MeterlineException.class, () -> c.release("run-8")).code());
            Reservation settled = c.getReservation("run-8").orElseThrow();
            assertEquals(List.of("SETTLED", "11.2", "event", "e-1", "2026-11-21T12:01:00Z"), List.of(settled.status(),
                    settled.settledAmount().toPlainString(), settled.settledByKind(), settled.settledById(),
                    settled.closedAt()));
            assertTrue(c.getReservation("run-9").isEmpty());
        }
        assertEquals(List.of("DELETE /v1/reservations/run-7", "DELETE /v1/reservations/run-8",
                "GET /v1/reservations/run-8", "GET /v1/reservations/run-9"),
                api.requests.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    @Test
    void balanceWithHoldsAndCanSpend() {
        api.then(json(200, "{\"balance\":\"100\",\"currency\":\"credits\",\"low_balance\":false,\"can_spend\":true,"
                + "\"held\":\"12.5\",\"available\":\"87.5\",\"spend_mode\":\"HARD\"}"))
                .then(json(200, "{\"balance\":\"100\",\"can_spend\":false,\"estimate\":\"90\",\"available\":\"87.5\"}"))
                .then(json(200, "{\"balance\":\"100\",\"currency\":\"credits\",\"can_spend\":true}"));
        try (MeterlineClient c = client()) {
            assertEquals(new Balance(new BigDecimal("100"), "credits", false, true, null, new BigDecimal("12.5"),
                    new BigDecimal("87.5"), "HARD"), c.balance());
            assertFalse(c.canSpend(new BigDecimal("90")));
            Balance old = c.balance();
            assertNull(old.held());
            assertNull(old.spendMode());
        }
    }

    @Test
    void trackCarriesTheReservationId() {
        try (MeterlineClient c = client()) {
            c.track(UsageEvent.tokens("chat", "openai", "gpt-4o-mini").inputTokens(1).reservationId("run-7").build());
            c.track(UsageEvent.tokens("chat", "openai", "gpt-4o-mini").inputTokens(1).build());
            assertTrue(c.flush(Duration.ofSeconds(10)));
        }
        JsonNode events = api.requests.get(0).body().path("events");
        assertEquals("run-7", events.get(0).path("reservation_id").asText());
        assertFalse(events.get(1).has("reservation_id"));
    }
}
