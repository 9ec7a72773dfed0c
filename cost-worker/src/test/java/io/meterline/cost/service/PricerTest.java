package io.meterline.cost.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;

class PricerTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");

    /** A Claude-like model with all four token prices, a price change on 1 March, and an alias. */
    private static final RateCatalog CATALOG = new RateCatalog(List.of(
            rate(1, "anthropic", "claude-x", CostType.INPUT_TOKEN, "3", 1_000_000, JAN, MAR, "claude-x-20260101"),
            rate(2, "anthropic", "claude-x", CostType.CACHED_INPUT_TOKEN, "0.3", 1_000_000, JAN, null, "claude-x-20260101"),
            rate(3, "anthropic", "claude-x", CostType.CACHE_WRITE_TOKEN, "3.75", 1_000_000, JAN, null, "claude-x-20260101"),
            rate(4, "anthropic", "claude-x", CostType.OUTPUT_TOKEN, "15", 1_000_000, JAN, null, "claude-x-20260101"),
            rate(5, "anthropic", "claude-x", CostType.INPUT_TOKEN, "2.5", 1_000_000, MAR, null, "claude-x-20260101"),
            rate(6, "openai", "gpt-y", CostType.INPUT_TOKEN, "2.50", 1_000_000, JAN, null),
            rate(7, "openai", "gpt-y", CostType.OUTPUT_TOKEN, "10", 1_000_000, JAN, null),
            rate(8, "openai", "dall-y", CostType.IMAGE, "0.04", 1, JAN, null),
            rate(9, "openai", "whisper-y", CostType.AUDIO_SECOND, "0.006", 60, JAN, null),
            rate(10, "serp", "search", CostType.REQUEST, "5", 1000, JAN, null),
            rate(11, "custom", "pdf-export", CostType.UNIT, "0.01", 1, JAN, null),
            rate(12, "odd", "thirds", CostType.INPUT_TOKEN, "1", 3, JAN, null)));

    private final Pricer pricer = new Pricer("custom");

    static Stream<Arguments> tokenCases() {
        return Stream.of(
                // provider, model, at, input, cached, cacheWrite, output, expected cost, rate ids
                Arguments.of("anthropic", "claude-x", "2026-02-01T00:00:00Z", 1000, 0, 0, 500, "0.0105", new long[] { 1, 4 }),
                // 1000 x 3 + 20000 x 0.3 + 4000 x 3.75 + 500 x 15 = 31500 per million
        Arguments.of("anthropic", "claude-x", "2026-02-01T00:00:00Z", 1000, 20000, 4000, 500,
                        "0.0315", new long[] { 1, 2, 3, 4 }),
                // 1 March: the new input price (2.5) applies; one nanosecond earlier, the old one
                Arguments.of("anthropic", "claude-x", "2026-03-01T00:00:00Z", 1_000_000, 0, 0, 0, "2.5", new long[] { 5 }),
                Arguments.of("anthropic", "claude-x", "2026-02-28T23:59:59.999999999Z", 1_000_000, 0, 0, 0, "3", new long[] { 1 }),
                // alias, any case
                Arguments.of("Anthropic", "CLAUDE-X-20260101", "2026-02-01T00:00:00Z", 1, 0, 0, 1, "0.000018", new long[] { 1, 4 }),
                Arguments.of("openai", "GPT-Y", "2026-05-01T00:00:00Z", 123_456, 0, 0, 7, "0.30871", new long[] { 6, 7 }),
                // a single token of a cheap model keeps every digit
                Arguments.of("openai", "gpt-y", "2026-05-01T00:00:00Z", 1, 0, 0, 0, "0.0000025", new long[] { 6 }),
                // 1 / 3 does not terminate: 18 places, HALF_EVEN
                Arguments.of("odd", "thirds", "2026-05-01T00:00:00Z", 1, 0, 0, 0, "0.333333333333333333", new long[] { 12 }));
    }

    @ParameterizedTest
    @MethodSource("tokenCases")
    void pricesTokensExactly(String provider, String model, String at, long input, long cached, long write,
            long output, String expectedCost, long[] rateIds) {
        Price price = pricer.price(tokens(provider, model, Instant.parse(at), input, cached, write, output), CATALOG,
                tariff("1"));
        assertTrue(price.priced());
        assertEquals(0, new BigDecimal(expectedCost).compareTo(price.costUsd()), () -> "cost " + price.costUsd());
        assertEquals(0, new BigDecimal(expectedCost).multiply(new BigDecimal(1000)).compareTo(price.credits()));
        assertArrayEquals(rateIds, price.rateIds());
    }

    @Test
    void creditsApplyTheCustomerMultiplier() {
        Price price = pricer.price(tokens("openai", "gpt-y", MAR, 1000, 0, 0, 1000), CATALOG, tariff("1.5"));
        // (1000 x 2.5 + 1000 x 10) / 1e6 = 0.0125 USD -> x 1000 x 1.5
        assertEquals(0, new BigDecimal("18.75").compareTo(price.credits()));
        assertEquals(0, new BigDecimal("0.0125").compareTo(price.costUsd()));
    }

    static Stream<Arguments> unpricedCases() {
        return Stream.of(
                Arguments.of("openai", "gpt-unknown", 10L, 0L, 0L, 10L, MAR),   // unknown model
                Arguments.of("openai", "gpt-y", 10L, 5L, 0L, 10L, MAR),         // no cached-input rate
                Arguments.of("openai", "gpt-y", 10L, 0L, 5L, 10L, MAR),         // no cache-write rate
                Arguments.of("anthropic", "claude-x", 10L, 0L, 0L, 0L, Instant.parse("2025-12-31T23:59:59Z")), // before any version
                Arguments.of("openai", "gpt", 10L, 0L, 0L, 0L, MAR),            // a prefix is not a match
                Arguments.of("openai", "unknown", 0L, 0L, 0L, 0L, MAR));        // nothing to charge, unknown model
    }

    @ParameterizedTest
    @MethodSource("unpricedCases")
    void missingRateIsUnpricedNeverZero(String provider, String model, long input, long cached, long write,
            long output, Instant at) {
        Price price = pricer.price(tokens(provider, model, at, input, cached, write, output), CATALOG, tariff("1"));
        assertFalse(price.priced());
        assertNull(price.costUsd());
        assertNull(price.credits());
        assertEquals("UNPRICED", price.status());
    }

    static Stream<Arguments> quantityCases() {
        return Stream.of(
                Arguments.of(EventType.IMAGE_GENERATION, "openai", "dall-y", null, "0.04", 8L),
                Arguments.of(EventType.IMAGE_GENERATION, "openai", "dall-y", "3", "0.12", 8L),
                Arguments.of(EventType.AUDIO, "openai", "whisper-y", "90", "0.009", 9L),
                Arguments.of(EventType.API_CALL, "serp", "search", null, "0.005", 10L),
                // no provider -> "custom", no model -> the feature id
                Arguments.of(EventType.CUSTOM, null, null, "2.5", "0.025", 11L));
    }

    @ParameterizedTest
    @MethodSource("quantityCases")
    void pricesOtherEventTypesByQuantity(EventType type, String provider, String model, String quantity,
            String expectedCost, long rateId) {
        UsageEventV1 event = event(type, provider, model, "pdf-export", MAR, 0, 0, 0, 0,
                quantity == null ? null : new BigDecimal(quantity));
        Price price = pricer.price(event, CATALOG, tariff("1"));
        assertTrue(price.priced());
        assertEquals(0, new BigDecimal(expectedCost).compareTo(price.costUsd()), () -> "cost " + price.costUsd());
        assertArrayEquals(new long[] { rateId }, price.rateIds());
    }

    @Test
    void otherEventTypeWithoutRateIsUnpriced() {
        UsageEventV1 event = event(EventType.API_CALL, "openai", "gpt-y", "chat", MAR, 0, 0, 0, 0, null);
        assertFalse(pricer.price(event, CATALOG, tariff("1")).priced());
    }

    @Test
    void zeroTokensOfAKnownModelCostNothing() {
        Price price = pricer.price(tokens("openai", "gpt-y", MAR, 0, 0, 0, 0), CATALOG, tariff("1"));
        assertTrue(price.priced());
        assertEquals(0, BigDecimal.ZERO.compareTo(price.costUsd()));
        assertEquals(0, price.rateIds().length);
    }

    static UsageEventV1 tokens(String provider, String model, Instant at, long input, long cached, long write,
            long output) {
        return event(EventType.TOKEN_USAGE, provider, model, "chat", at, input, cached, write, output, null);
    }

    static UsageEventV1 event(EventType type, String provider, String model, String feature, Instant at, long input,
            long cached, long write, long output, BigDecimal quantity) {
        return new UsageEventV1(1, UUID.randomUUID(), "c1", type, feature, provider, model, input, cached, write,
                output, quantity, null, at, null, null, null, null, null, at);
    }

    static Rate rate(long id, String provider, String model, CostType type, String price, long unitSize,
            Instant from, Instant until, String... aliases) {
        return new Rate(id, provider, model, type, new BigDecimal(price), unitSize, List.of(aliases), from, until);
    }

    /** 1000 credits per USD, the installation default, times the customer's multiplier. */
    private static Tariff tariff(String multiplier) {
        return new Tariff(new BigDecimal(multiplier), new BigDecimal("1000"));
    }
}
