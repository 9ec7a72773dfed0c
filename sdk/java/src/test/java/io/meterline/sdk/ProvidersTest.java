package io.meterline.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

/** Recorded provider responses (sdk/fixtures/providers, shared by the three SDKs) and the events they become. */
class ProvidersTest {
    static final Path FIXTURES = Path.of(System.getProperty("meterline.sdk.fixtures", "../fixtures"), "providers");
    static final Map<String, Function<Object, UsageEvent.Builder>> HELPERS = Map.of(
            "openai_chat", Providers::openAiChat, "openai_responses", Providers::openAiResponses,
            "anthropic", Providers::anthropic, "gemini", Providers::gemini);

    @TestFactory
    List<DynamicTest> everyRecordedResponse() throws IOException {
        JsonNode expected = Json.MAPPER.readTree(FIXTURES.resolve("expected.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        expected.fields().forEachRemaining(entry -> {
            if (entry.getKey().startsWith("_")) return;
            tests.add(DynamicTest.dynamicTest(entry.getKey(), () -> {
                String body = Files.readString(FIXTURES.resolve(entry.getKey()));
                JsonNode want = entry.getValue();
                UsageEvent e = HELPERS.get(want.get("helper").asText()).apply(body).featureId("chat").build();
                assertEvent(want, e);
                if (want.get("helper").asText().startsWith("openai")) {
                    assertEvent(want, Providers.openAi(Json.MAPPER.readTree(body)).featureId("chat").build());
                }
            }));
        });
        assertEquals(7, tests.size());
        return tests;
    }

    private static void assertEvent(JsonNode want, UsageEvent e) {
        assertEquals(EventType.TOKEN_USAGE, e.eventType());
        assertEquals(want.get("provider").asText(), e.provider());
        assertEquals(want.get("model").asText(), e.model());
        assertEquals(want.get("input_tokens").asLong(), e.inputTokens());
        assertEquals(want.get("cached_input_tokens").asLong(), e.cachedInputTokens());
        assertEquals(want.get("cache_write_tokens").asLong(), e.cacheWriteTokens());
        assertEquals(want.get("output_tokens").asLong(), e.outputTokens());
    }

    @Test
    void aUsageObjectAloneAndAMapAreRead() {
        UsageEvent e = Providers.anthropic(Map.of("input_tokens", 10, "cache_read_input_tokens", 5, "output_tokens", 7))
                .featureId("f").model("claude-haiku-4-5").build();
        assertEquals(10L, e.inputTokens());
        assertEquals(5L, e.cachedInputTokens());
        assertEquals(0L, e.cacheWriteTokens());
        assertEquals(7L, e.outputTokens());
        assertEquals("claude-haiku-4-5", e.model());
    }

    @Test
    void cachedNeverDrivesInputNegative() {
        UsageEvent e = Providers.openAiChat("{\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":12}}}").featureId("f").build();
        assertEquals(0L, e.inputTokens());
        assertEquals(12L, e.cachedInputTokens());
    }
}
