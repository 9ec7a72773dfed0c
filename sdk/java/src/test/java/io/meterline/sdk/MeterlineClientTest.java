package io.meterline.sdk;

import static io.meterline.sdk.FakeApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a local fake of the ingest API: batching, gzip, retries, error reporting, the queue. */
class MeterlineClientTest {
    FakeApi api;
    List<DeliveryError> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    MeterlineClient.Builder client() {
        return MeterlineClient.builder(api.url(), "ml_test_key").customerId("acme").shutdownHook(false)
                .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(40)).onError(errors::add)
                .shutdownTimeout(Duration.ofSeconds(20));
    }

    static UsageEvent event(int i) {
        return UsageEvent.tokens("chat", "openai", "gpt-4o-mini").inputTokens(i).outputTokens(1).build();
    }

    @Test
    void batchesOfAtMost1000GzippedWithIdsAndTimestampsAssignedAtTrack() {
        try (MeterlineClient c = client().build()) {
            List<UUID> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 2500; i++) ids.add(c.track(event(i)).eventId());
            assertTrue(c.flush(Duration.ofSeconds(10)));
            assertEquals(new Metrics(0, 2500, 0, 0, 0), c.metrics());
            assertTrue(api.requests.size() >= 3, "requests: " + api.requests.size());
            api.requests.forEach(r -> {
                assertTrue(r.eventIds().size() <= 1000);
                assertEquals(List.of("gzip"), r.headers().get("Content-encoding"));
                assertEquals(List.of("ml_test_key"), r.headers().get("X-api-key"));
            });
            assertEquals(ids.stream().map(UUID::toString).toList(), api.ingestedIds());
            var first = api.requests.get(0).body().path("events").get(0);
            assertEquals("acme", first.path("customer_id").asText());
            assertEquals("TOKEN_USAGE", first.path("event_type").asText());
            assertTrue(Instant.parse(first.path("timestamp").asText()).isAfter(Instant.now().minusSeconds(60)));
        }
        assertTrue(errors.isEmpty());
    }

    @Test
    void aBatchClosesAtTheByteLimit() {
        String big = "x".repeat(1000);
        try (MeterlineClient c = client().maxBatchBytes(20_000).build()) {
            for (int i = 0; i < 50; i++) c.track(event(i).toBuilder().metadata(Map.of("note", big)).build());
            assertTrue(c.flush(Duration.ofSeconds(10)));
        }
        assertEquals(50, api.ingestedIds().size());
        assertTrue(api.requests.size() >= 3, "requests: " + api.requests.size());
        api.requests.forEach(r -> assertTrue(r.body().toString().length() <= 20_000));
    }

    @Test
    void theIntervalSendsWithoutFlush() throws Exception {
        try (MeterlineClient c = client().flushInterval(Duration.ofMillis(100)).build()) {
            c.track(event(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (c.metrics().sent() < 1 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(1, c.metrics().sent());
        }
    }

    @Test
    void retries503Then429Then409InFlightThenADropWithTheSameEventsAndRetryAfter() {
        api.then(json(503, "{\"error\":\"PUBLISH_FAILED\",\"message\":\"kafka\"}", "0"))
                .then(json(429, "{\"error\":\"RATE_LIMITED\",\"message\":\"slow down\"}", "1"))
                .then(json(409, "{\"error\":\"IN_FLIGHT\",\"message\":\"busy\",\"details\":[]}", "0"))
                .then(FakeApi.DROP);
        long start = System.nanoTime();
        try (MeterlineClient c = client().build()) {
            for (int i = 0; i < 3; i++) c.track(event(i));
            assertTrue(c.flush(Duration.ofSeconds(15)));
            assertEquals(new Metrics(0, 3, 12, 0, 0), c.metrics());
        }
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000), "Retry-After: 1 was honoured");
        assertEquals(5, api.requests.size());
        List<String> firstIds = api.requests.get(0).eventIds();
        api.requests.forEach(r -> assertEquals(firstIds, r.eventIds()));
        assertTrue(errors.isEmpty());
    }

    @Test
    void perEventErrorsGoToTheHandlerWithTheEventAndInFlightOnesAreResent() {
        api.then(r -> json(202, """
                {"status":"partial","accepted":1,"duplicates":0,"rejected":2,"errors":[
                 {"index":1,"event_id":"%s","code":"INVALID_VALUE","field":"model","message":"too long"},
                 {"index":2,"event_id":"%s","code":"IN_FLIGHT","field":null,"message":"retry"}]}"""
                .formatted(r.eventIds().get(1), r.eventIds().get(2))));
        UsageEvent bad;
        try (MeterlineClient c = client().build()) {
            c.track(event(0));
            bad = c.track(event(1));
            c.track(event(2));
            assertTrue(c.flush(Duration.ofSeconds(10)));
            assertEquals(new Metrics(0, 2, 1, 1, 0), c.metrics());
        }
        assertEquals(2, api.requests.size());
        assertEquals(List.of(api.requests.get(0).eventIds().get(2)), api.requests.get(1).eventIds());
        assertEquals(1, errors.size());
        assertEquals(bad, errors.get(0).event());
        assertEquals("INVALID_VALUE", errors.get(0).code());
        assertEquals("model", errors.get(0).field());
        assertEquals(202, errors.get(0).httpStatus());
    }

    @Test
    void otherClientErrorsAreNeverRetried() {
        api.otherwise(r -> json(401, "{\"error\":\"UNAUTHORIZED\",\"message\":\"unknown API key\",\"details\":[]}"));
        try (MeterlineClient c = client().build()) {
            c.track(event(0));
            c.track(event(1));
            assertTrue(c.flush(Duration.ofSeconds(10)));
            assertEquals(new Metrics(0, 0, 0, 2, 0), c.metrics());
        }
        assertEquals(1, api.requests.size());
        assertEquals(2, errors.size());
        errors.forEach(e -> assertEquals("UNAUTHORIZED", e.code()));
    }

    @Test
    void givesUpAfterMaxRetriesAndSaysSo() {
        api.otherwise(r -> FakeApi.DROP);
        try (MeterlineClient c = client().maxRetries(2).build()) {
            c.track(event(0));
            assertTrue(c.flush(Duration.ofSeconds(10)));
            assertEquals(new Metrics(0, 0, 2, 1, 0), c.metrics());
        }
        assertEquals(3, api.requests.size());
        assertEquals("RETRIES_EXHAUSTED", errors.get(0).code());
    }

    @Test
    void a413SplitsTheBatch() {
        api.then(json(413, "{\"error\":\"PAYLOAD_TOO_LARGE\",\"message\":\"too many\"}"));
        try (MeterlineClient c = client().build()) {
            for (int i = 0; i < 10; i++) c.track(event(i));
            assertTrue(c.flush(Duration.ofSeconds(10)));
            assertEquals(10, c.metrics().sent());
        }
        assertEquals(List.of(10, 5, 5), api.requests.stream().map(r -> r.eventIds().size()).toList());
    }

    @Test
    void aFullQueueDropsWithACallbackOrRaisesOrBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        api.otherwise(r -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeApi.acceptAll(r);
        });
        try (MeterlineClient drop = client().maxQueueSize(2).onFull(OnFull.DROP).maxBatchEvents(1).build();
             MeterlineClient raise = client().maxQueueSize(2).onFull(OnFull.RAISE).maxBatchEvents(1).build()) {
            for (int i = 0; i < 6; i++) drop.track(event(i));
            // capacity 2 + at most one event in the (blocked) request: the fourth track raises at the latest
            assertThrows(QueueFullException.class, () -> {
                for (int i = 0; i < 4; i++) raise.track(event(i));
            });
            assertTrue(drop.metrics().dropped() >= 3);
            assertTrue(errors.stream().anyMatch(e -> e.code().equals("QUEUE_FULL") && e.event() != null));
            release.countDown();
            assertTrue(drop.flush(Duration.ofSeconds(10)));
            assertTrue(raise.flush(Duration.ofSeconds(10)));
            assertEquals(6, drop.metrics().sent() + drop.metrics().dropped());
        }
    }

    @Test
    void closeDeliversWhatIsQueuedAndRefusesMore() {
        MeterlineClient c = client().flushInterval(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 10; i++) c.track(event(i));
        assertTrue(c.close(Duration.ofSeconds(10)));
        assertEquals(10, api.ingestedIds().size());
        assertThrows(IllegalStateException.class, () -> c.track(event(11)));
        assertThrows(IllegalArgumentException.class, () -> client().customerId(null).build().track(event(1)));
    }

    @Test
    void directCalls() {
        UUID id = UUID.randomUUID();
        api.then(json(200, "{\"balance\":\"250.000000000000\",\"currency\":\"credits\",\"low_balance\":false,\"can_spend\":true}"))
                .then(json(200, "{\"balance\":\"250.000000000000\",\"currency\":\"credits\",\"low_balance\":false,"
                        + "\"can_spend\":false,\"estimate\":\"300.5\"}"))
                .then(json(200, "{\"event_id\":\"" + id + "\",\"status\":\"PRICED\",\"cost_usd\":\"0.000123450000\","
                        + "\"credits\":\"0.123450000000\",\"model\":\"gpt-4o-mini\"}"))
                .then(json(404, "{\"error\":\"NOT_FOUND\",\"message\":\"unknown\",\"details\":[]}"))
                .then(json(401, "{\"error\":\"UNAUTHORIZED\",\"message\":\"unknown API key\",\"details\":[]}"));
        try (MeterlineClient c = client().build()) {
            Balance b = c.balance();
            assertEquals(new BigDecimal("250.000000000000"), b.balance());
            assertTrue(b.canSpend());
            assertFalse(c.canSpend(new BigDecimal("300.5")));
            EventStatus s = c.eventStatus(id).orElseThrow();
            assertEquals("PRICED", s.status());
            assertEquals(new BigDecimal("0.000123450000"), s.costUsd());
            assertTrue(c.eventStatus(UUID.randomUUID()).isEmpty());
            MeterlineException e = assertThrows(MeterlineException.class, c::balance);
            assertEquals(401, e.status());
            assertEquals("UNAUTHORIZED", e.code());
        }
        assertEquals("/v1/balance", api.requests.get(1).path());
        assertEquals(new HashSet<>(List.of("GET")), new HashSet<>(api.requests.stream().map(FakeApi.Request::method).toList()));
    }
}
