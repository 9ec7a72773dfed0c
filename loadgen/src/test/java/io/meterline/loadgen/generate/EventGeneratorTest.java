package io.meterline.loadgen.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2025-11-21T12:00:00Z");
    private static final Customer ACME = new Customer("acme", "ml_key");

    private final EventGenerator noDuplicates =
            new EventGenerator(ModelSpec.DEFAULTS, 0.0, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void batchIsOneCustomersValidTokenUsageEvents() throws Exception {
        Batch batch = noDuplicates.batch(ACME, 1000, new SplittableRandom(1));

        JsonNode events = MAPPER.readTree(batch.body()).get("events");
        assertEquals(1000, events.size());
        assertEquals(1000, batch.events());
        assertEquals(0, batch.resent());
        Set<String> ids = new HashSet<>();
        for (JsonNode event : events) {
            ids.add(event.get("event_id").asText());
            assertEquals(4, UUID.fromString(event.get("event_id").asText()).version());
            assertEquals("acme", event.get("customer_id").asText());
            assertEquals("TOKEN_USAGE", event.get("event_type").asText());
            assertTrue(EventGenerator.FEATURES.contains(event.get("feature_id").asText()));
            assertTrue(ModelSpec.DEFAULTS.contains(new ModelSpec(event.get("provider").asText(),
                    event.get("model").asText(), weightOf(event))));
            for (String field : List.of("input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens")) {
                assertTrue(event.get(field).canConvertToLong() && event.get(field).asLong() >= 0, field);
            }
            if (event.get("provider").asText().equals("mistral")) {
                assertEquals(0, event.get("cached_input_tokens").asLong(), "mistral bills no cache reads");
            }
            Instant timestamp = Instant.parse(event.get("timestamp").asText());
            assertFalse(timestamp.isAfter(NOW), "never in the future");
            assertTrue(timestamp.isAfter(NOW.minusMillis(EventGenerator.MAX_TIMESTAMP_LAG_MS + 1)));
        }
        assertEquals(1000, ids.size(), "event ids are unique without duplicates");
    }

    @Test
    void duplicateShareResendsEarlierEventsByteForByte() throws Exception {
        EventGenerator generator = new EventGenerator(ModelSpec.DEFAULTS, 0.2, Clock.fixed(NOW, ZoneOffset.UTC));
        SplittableRandom random = new SplittableRandom(7);
        Map<String, String> firstCopy = new HashMap<>();
        long events = 0;
        long copies = 0;
        for (int b = 0; b < 20; b++) {
            Batch batch = generator.batch(ACME, 1000, random);
            for (JsonNode event : MAPPER.readTree(batch.body()).get("events")) {
                String previous = firstCopy.putIfAbsent(event.get("event_id").asText(), event.toString());
                if (previous != null) {
                    copies++;
                    assertEquals(previous, event.toString(), "a re-sent event is identical");
                }
                events++;
            }
            assertTrue(batch.resent() > 0);
        }
        assertEquals(20_000, events);
        double share = (double) copies / events;
        assertTrue(share > 0.18 && share < 0.22, "about 20% copies, got " + share);
    }

    @Test
    void modelsFollowTheirWeights() {
        EventGenerator generator = new EventGenerator(
                List.of(new ModelSpec("openai", "a", 3), new ModelSpec("openai", "b", 1)), 0, Clock.systemUTC());
        SplittableRandom random = new SplittableRandom(3);
        int a = 0;
        for (int i = 0; i < 40_000; i++) {
            if (generator.pickModel(random).model().equals("a")) {
                a++;
            }
        }
        double share = a / 40_000.0;
        assertTrue(share > 0.73 && share < 0.77, "3:1 weights give about 75%, got " + share);
    }

    @Test
    void sameSeedSameBatch() {
        Batch first = noDuplicates.batch(ACME, 50, new SplittableRandom(42));
        Batch second = new EventGenerator(ModelSpec.DEFAULTS, 0.0, Clock.fixed(NOW, ZoneOffset.UTC))
                .batch(ACME, 50, new SplittableRandom(42));
        assertEquals(new String(first.body()), new String(second.body()));
    }

    private static double weightOf(JsonNode event) {
        return ModelSpec.DEFAULTS.stream()
                .filter(m -> m.provider().equals(event.get("provider").asText())
                        && m.model().equals(event.get("model").asText()))
                .findFirst().map(ModelSpec::weight).orElse(-1.0);
    }
}
