package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * One planted defect per event, each with what docs/ingestion-api.md says the edge answers: a refusal naming the
 * field (REJECT), acceptance at a documented bound (ACCEPT), either where the documentation is silent (EITHER), or
 * a whole-batch 400 (a key repeated inside the event) or 403 (another customer's id).
 */
final class Defects {

    private static final List<String> TEXT_FIELDS = List.of("feature_id", "user_id", "team_id", "idempotency_key",
            "model", "provider", "unit");
    private static final List<String> COUNTERS = List.of("input_tokens", "cached_input_tokens", "cache_write_tokens",
            "output_tokens");

    private final HostileGenerator gen;
    private final String otherCustomer;

    Defects(HostileGenerator gen, String otherCustomer) {
        this.gen = gen;
        this.otherCustomer = otherCustomer;
    }

    Arbitrary<UnaryOperator<HostileEvent>> any() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(TEXT_FIELDS).flatMap(f -> HostileText.bad().map(s -> set(f, s, reject(f))))),
                Tuple.of(6, Arbitraries.of(TEXT_FIELDS).flatMap(f -> HostileText.any().map(s -> set(f, s,
                        HostileText.valid(s) ? Expect.ACCEPT : reject(f))))),
                Tuple.of(4, Arbitraries.of(TEXT_FIELDS).flatMap(f -> Arbitraries.<Object>of(5L, true,
                        Map.of("a", 1), List.of("x"), new BigDecimal("1.5")).map(v -> set(f, v, reject(f))))),
                Tuple.of(12, Arbitraries.of(COUNTERS).flatMap(this::counter)),
                Tuple.of(8, quantity()),
                Tuple.of(6, timestamp()),
                Tuple.of(3, Arbitraries.<Object>of("token_usage", "LLM_CALL", "", 5L)
                        .map(v -> set("event_type", v, reject("event_type")))),
                Tuple.of(3, Arbitraries.of(
                        set("event_id", "not-a-uuid", reject("event_id")),
                        set("event_id", HostileEvent.REMOVE, reject("event_id")),
                        set("event_id", 12345L, reject("event_id")),
                        (UnaryOperator<HostileEvent>) e -> e.with("event_id",
                                ((String) e.fields().get("event_id")).toUpperCase(),
                                Expect.either("event_id", "upper-case UUID")))),
                Tuple.of(4, Arbitraries.of(
                        set("feature_id", HostileEvent.REMOVE, reject("feature_id")),
                        set("feature_id", "   ", reject("feature_id")),
                        set("feature_id", "x".repeat(129), reject("feature_id")),
                        set("feature_id", "x".repeat(128), Expect.ACCEPT),
                        set("idempotency_key", "k".repeat(256), reject("idempotency_key")),
                        required("model"), required("provider"), required("unit"), required("quantity"))),
                Tuple.of(6, metadata()),
                Tuple.of(1, Arbitraries.of("\"feature_id\":\"again\"", "\"customer_id\":\"x\"",
                        "\"event_id\":\"0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b\"", "\"timestamp\":\"2026-01-01T00:00:00Z\"")
                        .map(raw -> (UnaryOperator<HostileEvent>) e -> new HostileEvent(e.fields(), raw,
                                Expect.batch400("repeated key " + raw)))),
                Tuple.of(1, Arbitraries.just(set("customer_id", otherCustomer, Expect.batch403("another customer")))));
    }

    private Arbitrary<UnaryOperator<HostileEvent>> counter(String f) {
        return Arbitraries.of(
                set(f, -1L, reject(f)), set(f, HostileGenerator.MAX_TOKENS + 1, reject(f)),
                set(f, Long.MAX_VALUE, reject(f)), set(f, BigInteger.ONE.shiftLeft(63), reject(f)),
                set(f, new BigDecimal("1.5"), reject(f)), set(f, "5", reject(f)), set(f, new Json.Raw("1e400"), reject(f)),
                set(f, HostileGenerator.MAX_TOKENS, Expect.ACCEPT), set(f, new Json.Raw("1e3"), Expect.either(f, "1e3")),
                set(f, new Json.Raw("-0"), Expect.either(f, "-0")), set(f, new BigDecimal("7.0"), Expect.either(f, "7.0")));
    }

    private Arbitrary<UnaryOperator<HostileEvent>> quantity() {
        String q = "quantity";
        return Arbitraries.of(
                set(q, new BigDecimal("1E+17"), reject(q)), set(q, new BigDecimal("-0.5"), reject(q)),
                set(q, new BigDecimal("0.0000000000000000001"), reject(q)), set(q, "NaN", reject(q)),
                set(q, "１２", reject(q)), set(q, true, reject(q)), set(q, new Json.Raw("1e400"), reject(q)),
                set(q, new BigDecimal("1000000000000.5"), reject(q)), set(q, new BigDecimal("1E+12"), Expect.ACCEPT),
                set(q, "0.000000000000000001", Expect.ACCEPT), set(q, "1e3", Expect.ACCEPT));
    }

    private Arbitrary<UnaryOperator<HostileEvent>> timestamp() {
        String t = "timestamp";
        String yesterday = gen.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
        return Arbitraries.of(
                set(t, gen.now().minus(Duration.ofDays(40)).toString(), reject(t)),
                set(t, gen.now().plus(Duration.ofHours(1)).toString(), reject(t)),
                set(t, "2026-02-30T00:00:00Z", reject(t)), set(t, 1_700_000_000L, reject(t)),
                unkeyed(set(t, yesterday + "T23:59:60Z", Expect.either(t, "leap second (read as :59)"))),
                set(t, yesterday + "T12:00:00", reject(t)),
                set(t, "yesterday", reject(t)), set(t, HostileEvent.REMOVE, reject(t)),
                unkeyed(set(t, gen.now().minus(Duration.ofDays(34)).toString(), Expect.ACCEPT)),
                unkeyed(set(t, gen.now().plus(Duration.ofMinutes(3)).toString(), Expect.ACCEPT)));
    }

    private Arbitrary<UnaryOperator<HostileEvent>> metadata() {
        String m = "metadata";
        return Arbitraries.of(
                set(m, Map.of("note", "a\u0000b"), reject(m)),
                // Jackson refuses a lone surrogate escape in a field name: the document is not readable, 400
                set(m, Map.of("k\ud800", 1L), Expect.batch400("lone surrogate in a metadata key")),
                set(m, Map.of("note", "\u0085"), reject(m)),
                set(m, Map.of("n", new Json.Raw("1" + "0".repeat(65))), reject(m)),
                set(m, Map.of("n", new Json.Raw("1e400")), reject(m)),
                set(m, List.of(1L, 2L), reject(m)), set(m, "text", reject(m)),
                set(m, Map.of("big", "x".repeat(5000)), reject(m)),
                set(m, Map.of("n", new Json.Raw("1" + "0".repeat(63))), Expect.ACCEPT));
    }

    /** Removes a field required for this event's type; a no-op (still clean) for a type that does not need it. */
    private static UnaryOperator<HostileEvent> required(String field) {
        return e -> {
            String type = e.text("event_type");
            boolean needed = switch (field) {
                case "model", "provider" -> "TOKEN_USAGE".equals(type);
                case "unit" -> "CUSTOM".equals(type);
                default -> "CUSTOM".equals(type) || "AUDIO".equals(type) || "IMAGE_GENERATION".equals(type);
            };
            return needed ? e.with(field, HostileEvent.REMOVE, reject(field)) : e;
        };
    }

    /** Without its idempotency key: a valid event moved to another day must not take a pooled key with it. */
    private static UnaryOperator<HostileEvent> unkeyed(UnaryOperator<HostileEvent> defect) {
        return e -> defect.apply(e).with("idempotency_key", HostileEvent.REMOVE, defect.apply(e).expect());
    }

    private static UnaryOperator<HostileEvent> set(String field, Object value, Expect expect) {
        return e -> e.with(field, value, expect);
    }

    private static Expect reject(String field) {
        return Expect.reject(field, "planted in " + field);
    }
}
