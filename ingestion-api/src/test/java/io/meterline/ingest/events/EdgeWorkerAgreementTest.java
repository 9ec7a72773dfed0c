package io.meterline.ingest.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.validation.UsageRecordReader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The edge and the cost worker never disagree: for hostile events (Unicode edge cases, lone surrogates, control
 * characters, extreme and fractional numbers, wrong JSON types, hostile metadata), every event the edge's
 * {@link EventValidator} accepts is accepted by the worker's decoding ({@link UsageRecordReader}, all of
 * {@code EventDecoder} but the record timestamp) after the edge -> Kafka -> worker round trip through the shared
 * mapper, and comes out the same. Equivalently: whatever the worker refuses, the edge refused.
 */
class EdgeWorkerAgreementTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter CLIENT = EventValidatorTest.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
    private static final UsageRecordReader WORKER = new UsageRecordReader(EventValidatorTest.MAPPER);
    private static final List<String> FIELDS = List.of("event_id", "event_type", "feature_id", "provider", "model",
            "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens", "quantity", "unit",
            "timestamp", "user_id", "team_id", "metadata", "idempotency_key", "customer_id");

    /** Equal JSON values: numbers by value (0 written from a BigDecimal is read back as an int). */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /** One field replaced by a value (or removed, when the value is null). */
    record Change(String field, JsonNode value) {
    }

    @Property(tries = 3000)
    void whatTheEdgeAcceptsTheWorkerAcceptsUnchanged(@ForAll("hostileEvents") ObjectNode built) throws Exception {
        // as a client sends it (every non-ASCII char escaped, so lone surrogates survive) and the edge parses it
        JsonNode sent;
        try {
            sent = EventValidatorTest.MAPPER.readTree(CLIENT.writeValueAsBytes(built));
        } catch (JsonProcessingException unparseable) {
            // e.g. a lone surrogate in a metadata key: the whole batch is a 400, nothing reaches the worker
            Statistics.label("edge").collect("400");
            return;
        }
        EventValidator.Checked checked = EventValidatorTest.VALIDATOR.check(sent, 0, "acme", EventValidatorTest.BATCH,
                EventValidatorTest.NOW);
        Statistics.label("edge").collect(checked.event() != null ? "accepted" : "refused");
        Statistics.label("edge").coverage(c -> c.check("accepted").percentage(p -> p > 5));
        if (checked.event() == null) {
            assertNotNull(checked.error());
            return;
        }
        UsageEventV1 accepted = checked.event();
        byte[] record = EventValidatorTest.MAPPER.writeValueAsBytes(accepted);

        UsageRecordReader.Read read = WORKER.read(record);

        assertNull(read.reason(), () -> "the worker refused what the edge accepted: " + sent);
        UsageEventV1 decoded = read.event();
        assertArrayEquals(record, EventValidatorTest.MAPPER.writeValueAsBytes(decoded), "the round trip is exact");
        assertEquals(accepted.dedupKey(), decoded.dedupKey());
        assertEquals(accepted.featureId(), decoded.featureId());
        assertTrue(accepted.metadata() == null ? decoded.metadata() == null
                : accepted.metadata().equals(SAME_VALUE, decoded.metadata()), "metadata survives the round trip");
        assertEquals(accepted.timestamp(), decoded.timestamp());
        assertEquals(accepted.inputTokens() + accepted.outputTokens(), decoded.inputTokens() + decoded.outputTokens());
        if (accepted.quantity() != null) {
            assertEquals(0, accepted.quantity().compareTo(decoded.quantity()));
        }
    }

    @Provide
    Arbitrary<ObjectNode> hostileEvents() {
        Arbitrary<String> type = Arbitraries.of("TOKEN_USAGE", "API_CALL", "IMAGE_GENERATION", "AUDIO", "CUSTOM");
        Arbitrary<Change> change = Arbitraries.of(FIELDS).flatMap(field -> value(field).injectNull(0.1)
                .map(value -> new Change(field, value)));
        return Combinators.combine(type, change.list().ofMaxSize(4)).as((eventType, changes) -> {
            ObjectNode event = EventValidatorTest.tokens();
            event.put("event_type", eventType);
            if (!eventType.equals("TOKEN_USAGE")) {
                event.put("quantity", "3");
                event.put("unit", "second");
            }
            for (Change c : changes) {
                if (c.value() == null) {
                    event.remove(c.field());
                } else {
                    event.set(c.field(), c.value());
                }
            }
            return event;
        });
    }

    private static Arbitrary<JsonNode> value(String field) {
        Arbitrary<JsonNode> strings = hostileStrings().map(NODES::textNode);
        return switch (field) {
            case "input_tokens", "cached_input_tokens", "cache_write_tokens", "output_tokens" ->
                    Arbitraries.frequencyOf(Tuple.of(3, numbers()), Tuple.of(1, strings));
            case "quantity" -> Arbitraries.frequencyOf(Tuple.of(3, numbers()), Tuple.of(2, numbers()
                    .map(n -> (JsonNode) NODES.textNode(n.asText()))), Tuple.of(1, strings));
            case "metadata" -> Arbitraries.frequencyOf(Tuple.of(4, metadata()), Tuple.of(1, strings),
                    Tuple.of(1, numbers()));
            case "timestamp" -> Arbitraries.oneOf(strings, Arbitraries.of("2025-03-01T11:59:00Z",
                    "2025-03-01T12:04:59.999999999Z", "2025-03-01T12:59:00+01:00", "2025-01-25T12:00:00Z",
                    "2025-03-01T11:59:60Z", "0000-01-01T00:00:00Z", "2025-03-01t11:59:00z").map(NODES::textNode));
            case "event_type" -> Arbitraries.oneOf(strings, Arbitraries.of("TOKEN_USAGE", "API_CALL", "CUSTOM",
                    "token_usage").map(NODES::textNode));
            case "event_id" -> Arbitraries.oneOf(strings, Arbitraries.of("0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
                    "0B4E5F7A-1C2D-4E3F-8A9B-0C1D2E3F4A5B", "0b4e5f7a1c2d4e3f8a9b0c1d2e3f4a5b").map(NODES::textNode));
            case "customer_id" -> Arbitraries.oneOf(strings, Arbitraries.just(NODES.textNode("acme")));
            default -> Arbitraries.frequencyOf(Tuple.of(6, strings), Tuple.of(1, numbers()),
                    Tuple.of(1, Arbitraries.<JsonNode>of(NODES.booleanNode(true), NODES.nullNode(), NODES.objectNode(),
                            NODES.arrayNode())));
        };
    }

    /** Edge cases of Unicode and of the length limits, and random strings over every char (surrogates included). */
    private static Arbitrary<String> hostileStrings() {
        Arbitrary<String> cases = Arbitraries.of("", " ", "\t", "\u2003", "\u001c", "\u0000", "a\u0000", "\ud800",
                "abc\ud800", "\udc00x", "\ud83d\ude00", "a\ud83d\ude00\ud83d", "\u007f", "\u0085", "\u009f", "\u00a0",
                "\u2028", "\ufeff", "\uffff", "x\ny", "naïve café 日本", "１２", "1e17", "NaN", "-0", "0x10", " 5 ",
                "1e999999999", "1e9999999999", "chat", "f".repeat(128), "f".repeat(129), "k".repeat(255),
                "k".repeat(256), "\ud83d\ude00".repeat(64), "\ud83d\ude00".repeat(65));
        Arbitrary<String> mixed = Arbitraries.strings()
                .withChars('a', 'Z', '0', ' ', '\u0000', '\u0007', '\t', '\u007f', '\u0085', '\u00a0', '\ud800',
                        '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\uffff', 'é')
                .ofMaxLength(8);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(12);
        return Arbitraries.frequencyOf(Tuple.of(3, cases), Tuple.of(3, mixed), Tuple.of(2, any));
    }

    /** Integers and decimals at and around every bound, negative, fractional, huge and tiny. */
    private static Arbitrary<JsonNode> numbers() {
        Arbitrary<JsonNode> cases = Arbitraries.<JsonNode>of(NODES.numberNode(0), NODES.numberNode(1), NODES.numberNode(-1),
                NODES.numberNode(1_000_000_000_000L), NODES.numberNode(1_000_000_000_001L),
                NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Long.MIN_VALUE),
                NODES.numberNode(BigInteger.TWO.pow(64)), NODES.numberNode(new BigDecimal("1.5")),
                NODES.numberNode(new BigDecimal("1e17")), NODES.numberNode(new BigDecimal("1E+12")),
                NODES.numberNode(new BigDecimal("1e999999999")), NODES.numberNode(new BigDecimal("1e-999999999")),
                NODES.numberNode(new BigDecimal("0.000000000000000001")),
                NODES.numberNode(new BigDecimal("0.0000000000000000001")),
                NODES.numberNode(new BigDecimal("1000000000000.000000000000000001")),
                NODES.numberNode(new BigDecimal("2.50000000000000000000000")), NODES.numberNode(new BigDecimal("-0.0")),
                NODES.numberNode(1e300), NODES.numberNode(Double.NaN));
        Arbitrary<JsonNode> decimals = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
                        Arbitraries.integers().between(-30, 30))
                .as((unscaled, scale) -> (JsonNode) NODES.numberNode(new BigDecimal(unscaled, scale)));
        Arbitrary<JsonNode> longs = Arbitraries.longs().map(NODES::numberNode);
        return Arbitraries.frequencyOf(Tuple.of(3, cases), Tuple.of(2, decimals), Tuple.of(1, longs))
                ;
    }

    /** Objects with hostile keys and values, nested once, with numbers Postgres JSONB cannot or can hold. */
    private static Arbitrary<JsonNode> metadata() {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(hostileStrings().map(NODES::textNode), numbers(),
                Arbitraries.<JsonNode>of(NODES.booleanNode(false), NODES.nullNode()));
        Arbitrary<JsonNode> inner = Arbitraries.maps(hostileStrings(), leaf).ofMaxSize(3).map(EdgeWorkerAgreementTest::object);
        Arbitrary<JsonNode> value = Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, inner),
                Tuple.of(1, leaf.list().ofMaxSize(3).map(items -> (JsonNode) NODES.arrayNode().addAll(items))))
                ;
        return Arbitraries.maps(hostileStrings(), value).ofMaxSize(4).map(EdgeWorkerAgreementTest::object);
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode node = NODES.objectNode();
        fields.forEach(node::set);
        return node;
    }
}
