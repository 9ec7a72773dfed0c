package io.meterline.loadgen.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class HostileGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final HostileGenerator GEN = new HostileGenerator("m-test", NOW, NOW.minus(Duration.ofDays(3)),
            NOW.minus(Duration.ofDays(2)), false);
    private static final List<String> CUSTOMERS = List.of("c1", "c2", "c3");

    private static List<HostileBatch> sample(long seed) {
        return GEN.batches(CUSTOMERS, seed, 3000);
    }

    @Test
    void theSameSeedGivesTheSameBodies() {
        List<HostileBatch> a = sample(42);
        List<HostileBatch> b = sample(42);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(new String(a.get(i).body(), StandardCharsets.ISO_8859_1),
                    new String(b.get(i).body(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void mixesEveryKindOfHostilityWithCleanEvents() {
        Map<Expect.Kind, Integer> kinds = new HashMap<>();
        Set<String> rejectedFields = new HashSet<>();
        int trailing = 0;
        int broken = 0;
        int inWindow = 0;
        StringBuilder text = new StringBuilder();
        for (HostileBatch batch : sample(7)) {
            trailing += batch.trailing() != null ? 1 : 0;
            broken += batch.rawBody() != null ? 1 : 0;
            for (HostileEvent e : batch.events()) {
                kinds.merge(e.expect().kind(), 1, Integer::sum);
                if (e.expect().kind() == Expect.Kind.REJECT) {
                    rejectedFields.add(e.expect().field());
                }
                Instant t = e.timestamp();
                inWindow += t != null && !t.isBefore(NOW.minus(Duration.ofDays(3)))
                        && t.isBefore(NOW.minus(Duration.ofDays(2))) ? 1 : 0;
                text.append(e.json(false));
            }
        }
        String all = text.toString();
        assertTrue(kinds.get(Expect.Kind.ACCEPT) > 1000 && kinds.get(Expect.Kind.REJECT) > 500, kinds.toString());
        assertTrue(kinds.get(Expect.Kind.BATCH_400) > 0 && kinds.get(Expect.Kind.BATCH_403) > 0, kinds.toString());
        assertTrue(rejectedFields.containsAll(Set.of("event_id", "event_type", "feature_id", "idempotency_key",
                "input_tokens", "output_tokens", "quantity", "timestamp", "metadata", "user_id")), rejectedFields.toString());
        assertTrue(trailing > 0 && broken > 0, trailing + " " + broken);
        assertTrue(inWindow > 300, "events in the re-rating window: " + inWindow);
        for (String s : List.of("\\ud800", "\\u0000", "1000000000001", "1000000000000", "9223372036854775808",
                "1e400", "\"key-1\"", "x_unknown_", "\\u0085")) {
            assertTrue(all.contains(s), s);
        }
    }

    @Test
    void everyCleanBodyIsJsonAndKeysRepeatAcrossBatches() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, Integer> keyUses = new HashMap<>();
        for (HostileBatch batch : sample(11)) {
            if (batch.batchExpect() != null) {
                continue;
            }
            JsonNode root = mapper.readTree(batch.body());
            assertEquals(batch.events().size(), root.path("events").size());
            for (HostileEvent e : batch.events()) {
                if (e.expect().kind() == Expect.Kind.ACCEPT) { // RFC 3339: seconds always, an offset always
                    assertTrue(String.valueOf(e.fields().get("timestamp")).matches(
                            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)"),
                            e.json(true));
                }
                if (e.fields().get("idempotency_key") instanceof String k) {
                    keyUses.merge(batch.customerId() + k, 1, Integer::sum);
                }
            }
        }
        assertTrue(keyUses.values().stream().anyMatch(n -> n > 3), keyUses.toString());
    }

    @Test
    void theTextRuleMatchesTheDocumentation() {
        assertTrue(HostileText.valid("naïve 😀 \u202E \uFEFF \u2028 \u00a0"));
        for (String bad : List.of("a\u0000", "\t", "\n", "\u001f", "\u007f", "\u0085", "\u009f", "a\ud800", "\udc00",
                "\ud83d\u0041", "x\ud83d")) {
            assertTrue(!HostileText.valid(bad), bad.codePoints().toString());
        }
    }

    @Test
    void aPooledKeyKeepsItsUtcDayUnlessAskedOtherwise() {
        assertEquals(1, keyDays(GEN).values().stream().mapToInt(Set::size).max().orElseThrow());
        HostileGenerator crossing = new HostileGenerator("m-test", NOW, NOW.minus(Duration.ofDays(3)),
                NOW.minus(Duration.ofDays(2)), true);
        assertTrue(keyDays(crossing).values().stream().mapToInt(Set::size).max().orElseThrow() > 1);
    }

    private static Map<String, Set<String>> keyDays(HostileGenerator gen) {
        Map<String, Set<String>> days = new HashMap<>();
        for (HostileBatch batch : gen.batches(CUSTOMERS, 3, 3000)) {
            for (HostileEvent e : batch.events()) {
                if (e.fields().get("idempotency_key") instanceof String k && k.startsWith("k") && k.length() < 12
                        && e.expect().kind() != Expect.Kind.REJECT && !e.expect().wholeBatch()) {
                    // (a leap second does not parse here: its own date then)
                    String day = e.timestamp() != null ? e.timestamp().toString().substring(0, 10)
                            : String.valueOf(e.fields().get("timestamp")).substring(0, 10);
                    days.computeIfAbsent(batch.customerId() + k, x -> new HashSet<>()).add(day);
                }
            }
        }
        return days;
    }
}
