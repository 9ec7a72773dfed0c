package io.meterline.sdk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Java SDK's part of sdk/it.sh and scripts/bench-sdk.sh (not a unit test): tracks IT_EVENTS events built with
 * the provider helpers against IT_URL, closes the client, writes the event ids to IT_IDS and prints one JSON line
 * with the figures. Exits 1 unless every event was sent and none failed.
 */
public final class ItRun {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(System.getenv().getOrDefault("IT_EVENTS", "5000"));
        List<String> ids = new ArrayList<>(n);
        List<DeliveryError> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        // load Jackson and the SDK's classes before the clock starts, as Python and Node import theirs before it
        Json.write(Providers.anthropic(Map.of("input_tokens", 1)).featureId("warm-up").build()
                .completed("warm-up", java.time.Instant.now()));
        long start = System.nanoTime();
        Metrics m;
        try (MeterlineClient c = MeterlineClient.builder(System.getenv("IT_URL"), System.getenv("IT_KEY"))
                .customerId(System.getenv("IT_CUSTOMER")).onError(errors::add).initialBackoff(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofMinutes(5)).build()) {
            for (int i = 0; i < n; i++) {
                UsageEvent.Builder b = switch (i % 3) {
                    case 0 -> Providers.openAiChat(Map.of("model", "gpt-4o-mini", "usage", Map.of("prompt_tokens", 1200 + i % 7,
                            "completion_tokens", 250, "prompt_tokens_details", Map.of("cached_tokens", 300))));
                    case 1 -> Providers.anthropic(Map.of("model", "claude-haiku-4-5", "usage", Map.of("input_tokens", 900,
                            "cache_creation_input_tokens", 100, "cache_read_input_tokens", 2000, "output_tokens", 120 + i % 5)));
                    default -> Providers.gemini(Map.of("modelVersion", "gemini-2.5-flash", "usageMetadata", Map.of(
                            "promptTokenCount", 700, "cachedContentTokenCount", 200, "candidatesTokenCount", 90, "thoughtsTokenCount", 40)));
                };
                ids.add(c.track(b.featureId("sdk-it").userId("u-" + i % 10).build()).eventId().toString());
            }
            c.close(Duration.ofMinutes(5));
            m = c.metrics();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.write(Path.of(System.getenv("IT_IDS")), ids);
        System.out.printf("{\"sdk\":\"java\",\"events\":%d,\"seconds\":%.3f,\"events_per_s\":%.0f,\"metrics\":{\"queued\":%d,"
                + "\"sent\":%d,\"retried\":%d,\"failed\":%d,\"dropped\":%d}}%n", n, seconds, n / seconds, m.queued(), m.sent(),
                m.retried(), m.failed(), m.dropped());
        errors.stream().limit(5).forEach(e -> System.err.println("error: " + e.code() + " " + e.message()));
        System.exit(m.sent() == n && m.failed() == 0 ? 0 : 1);
    }
}
