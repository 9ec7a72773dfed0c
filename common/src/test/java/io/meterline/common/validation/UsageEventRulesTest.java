package io.meterline.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.meterline.common.JsonCustomizer;
import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.validation.UsageEventRules.Code;

class UsageEventRulesTest {

    private static final ObjectMapper MAPPER = JsonCustomizer.apply(new ObjectMapper());

    /** A mutable copy of the event's fields, so each case changes one. */
    static final class E {
        UUID eventId = UUID.fromString("0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b");
        String customerId = "acme";
        EventType type = EventType.TOKEN_USAGE;
        String featureId = "chat";
        String provider = "openai";
        String model = "gpt-4o";
        long input = 10;
        long cachedInput;
        long cacheWrite;
        long output = 5;
        BigDecimal quantity;
        String unit;
        Instant timestamp = Instant.parse("2025-03-01T12:00:00Z");
        String userId;
        String teamId;
        JsonNode metadata;
        String idempotencyKey;

        UsageEventV1 build() {
            return new UsageEventV1(1, eventId, customerId, type, featureId, provider, model, input, cachedInput,
                    cacheWrite, output, quantity, unit, timestamp, userId, teamId, metadata, idempotencyKey, null, null);
        }
    }

    static UsageEventV1 event(UnaryOperator<E> change) {
        return change.apply(new E()).build();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Arguments broken(String field, Code code, UnaryOperator<E> change) {
        return Arguments.of(field, code, change);
    }

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken("event_id", Code.MISSING_FIELD, e -> { e.eventId = null; return e; }),
                broken("customer_id", Code.MISSING_FIELD, e -> { e.customerId = " "; return e; }),
                broken("customer_id", Code.INVALID_VALUE, e -> { e.customerId = "c".repeat(129); return e; }),
                broken("customer_id", Code.INVALID_VALUE, e -> { e.customerId = "ac\u0000me"; return e; }),
                broken("event_type", Code.MISSING_FIELD, e -> { e.type = null; return e; }),
                broken("feature_id", Code.MISSING_FIELD, e -> { e.featureId = null; return e; }),
                broken("feature_id", Code.INVALID_VALUE, e -> { e.featureId = "f".repeat(129); return e; }),
                broken("feature_id", Code.INVALID_VALUE, e -> { e.featureId = "chat\u0000"; return e; }),
                broken("feature_id", Code.INVALID_VALUE, e -> { e.featureId = "chat\u0085"; return e; }),
                broken("provider", Code.MISSING_FIELD, e -> { e.provider = null; return e; }),
                broken("provider", Code.INVALID_VALUE, e -> { e.provider = "open\tai"; return e; }),
                broken("model", Code.MISSING_FIELD, e -> { e.model = ""; return e; }),
                broken("model", Code.INVALID_VALUE, e -> { e.model = "gpt\ud800"; return e; }),
                broken("input_tokens", Code.INVALID_VALUE, e -> { e.input = -1; return e; }),
                broken("input_tokens", Code.INVALID_VALUE, e -> { e.input = Long.MAX_VALUE; return e; }),
                broken("cached_input_tokens", Code.INVALID_VALUE, e -> { e.cachedInput = 1_000_000_000_001L; return e; }),
                broken("cache_write_tokens", Code.INVALID_VALUE, e -> { e.cacheWrite = Long.MIN_VALUE; return e; }),
                broken("output_tokens", Code.INVALID_VALUE, e -> { e.output = 1_000_000_000_001L; return e; }),
                broken("quantity", Code.MISSING_FIELD, e -> { e.type = EventType.AUDIO; return e; }),
                broken("quantity", Code.MISSING_FIELD, e -> { e.type = EventType.IMAGE_GENERATION; return e; }),
                broken("quantity", Code.INVALID_VALUE, e -> { e.type = EventType.API_CALL; e.quantity = new BigDecimal("1e17"); return e; }),
                broken("quantity", Code.INVALID_VALUE, e -> { e.quantity = new BigDecimal("1000000000000.000000000000000001"); return e; }),
                broken("quantity", Code.INVALID_VALUE, e -> { e.quantity = new BigDecimal("-0.5"); return e; }),
                broken("quantity", Code.INVALID_VALUE, e -> { e.quantity = new BigDecimal("0.0000000000000000001"); return e; }),
                broken("quantity", Code.INVALID_VALUE, e -> { e.quantity = new BigDecimal("1e999999999"); return e; }),
                broken("unit", Code.MISSING_FIELD, e -> { e.type = EventType.CUSTOM; e.quantity = BigDecimal.ONE; return e; }),
                broken("unit", Code.INVALID_VALUE, e -> { e.unit = "sec\u007f"; return e; }),
                broken("timestamp", Code.MISSING_FIELD, e -> { e.timestamp = null; return e; }),
                broken("user_id", Code.INVALID_VALUE, e -> { e.userId = "u\u0000"; return e; }),
                broken("user_id", Code.INVALID_VALUE, e -> { e.userId = "u".repeat(129); return e; }),
                broken("user_id", Code.INVALID_VALUE, e -> { e.userId = "  "; return e; }),
                broken("team_id", Code.INVALID_VALUE, e -> { e.teamId = "\udc00team"; return e; }),
                broken("metadata", Code.INVALID_TYPE, e -> { e.metadata = json("[1]"); return e; }),
                broken("metadata", Code.INVALID_VALUE, e -> { e.metadata = json("{\"a\": \"x\\u0000\"}"); return e; }),
                broken("metadata", Code.INVALID_VALUE, e -> { e.metadata = json("{\"k\\ud800\": 1}"); return e; }),
                broken("metadata", Code.INVALID_VALUE, e -> { e.metadata = json("{\"a\": [1, {\"b\": 1e65}]}"); return e; }),
                broken("metadata", Code.INVALID_VALUE, e -> { e.metadata = json("{\"a\": 1e-65}"); return e; }),
                broken("metadata", Code.INVALID_VALUE, e -> { e.metadata = json("{\"a\": 1" + "0".repeat(64) + "}"); return e; }),
                broken("metadata", Code.INVALID_VALUE, e -> {
                    e.metadata = JsonNodeFactory.instance.objectNode().put("nan", Double.NaN); return e; }),
                broken("idempotency_key", Code.INVALID_VALUE, e -> { e.idempotencyKey = "k".repeat(256); return e; }),
                broken("idempotency_key", Code.INVALID_VALUE, e -> { e.idempotencyKey = "abc\ud800"; return e; }),
                broken("idempotency_key", Code.INVALID_VALUE, e -> { e.idempotencyKey = ""; return e; }));
    }

    @ParameterizedTest(name = "[{index}] {1} on {0}")
    @MethodSource("brokenRules")
    void namesTheFieldAndTheKind(String field, Code code, UnaryOperator<E> change) {
        UsageEventRules.Violation violation = UsageEventRules.check(event(change));

        assertNotNull(violation);
        assertEquals(field, violation.field());
        assertEquals(code, violation.code());
        assertEquals(field + ": " + violation.message(), violation.reason());
    }

    static Stream<Arguments> keptRules() {
        return Stream.of(
                Arguments.of((UnaryOperator<E>) e -> e),
                Arguments.of((UnaryOperator<E>) e -> { e.featureId = "f".repeat(128); e.idempotencyKey = "k".repeat(255); return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.input = 1_000_000_000_000L; e.output = 0; return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.type = EventType.API_CALL; e.quantity = new BigDecimal("1e12"); return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.type = EventType.API_CALL; e.quantity = null; return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.quantity = new BigDecimal("0.000000000000000001"); return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.quantity = new BigDecimal("2.5000000000000000000000"); return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.featureId = "naïve café 日本 😀\u00a0x"; return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.metadata = json("{\"note\": \"a\\tb\\nc\", \"n\": -1e63, \"m\": 1e-64, \"big\": 123456789012345678901234567890}"); return e; }),
                Arguments.of((UnaryOperator<E>) e -> { e.metadata = JsonNodeFactory.instance.nullNode(); return e; }));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("keptRules")
    void acceptsWhatIsWithinTheRules(UnaryOperator<E> change) {
        assertNull(UsageEventRules.check(event(change)));
    }

    @Test
    void theQuantityBoundPricedAtSanePricesFitsTheMoneyColumns() {
        // $1,000 per unit, 1,000 credits per USD, multiplier 10: below 10^20, the limit of NUMERIC(38,18)
        BigDecimal credits = UsageEventRules.MAX_QUANTITY.multiply(new BigDecimal("1000")).multiply(new BigDecimal("1000"))
                .multiply(BigDecimal.TEN);
        assertEquals(-1, credits.compareTo(BigDecimal.TEN.pow(20)));
        BigDecimal tokens = BigDecimal.valueOf(UsageEventRules.MAX_TOKENS).multiply(BigDecimal.valueOf(4))
                .multiply(BigDecimal.ONE).multiply(new BigDecimal("1000")).multiply(BigDecimal.TEN);
        assertEquals(-1, tokens.compareTo(BigDecimal.TEN.pow(20)));
    }
}
