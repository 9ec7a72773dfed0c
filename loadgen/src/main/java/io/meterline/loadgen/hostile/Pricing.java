package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run's price list for its test model, and an independent oracle of docs/rates.md: credits = Σ count × price /
 * 1,000,000 × credits_per_usd × the customer's multiplier, exact. Before re-rating every version starts at
 * {@code ratesFrom}; the correction replaces INPUT_TOKEN and OUTPUT_TOKEN prices for event times in
 * [windowFrom, windowUntil).
 */
public record Pricing(String model, Instant ratesFrom, Map<String, BigDecimal> prices, Map<String, BigDecimal> corrected,
                      Instant windowFrom, Instant windowUntil, BigDecimal creditsPerUsd, Map<String, BigDecimal> multipliers) {

    static final List<String> COUNTERS = List.of("INPUT_TOKEN:input_tokens", "CACHED_INPUT_TOKEN:cached_input_tokens",
            "CACHE_WRITE_TOKEN:cache_write_tokens", "OUTPUT_TOKEN:output_tokens");
    private static final BigDecimal MILLION = new BigDecimal(1_000_000);

    /** True when the event must end PRICED: a token event of the test model with a time the rates cover. */
    public boolean priceable(HostileEvent e) {
        Instant t = e.timestamp();
        return "TOKEN_USAGE".equals(e.text("event_type")) && HostileGenerator.PROVIDER.equals(e.text("provider"))
                && model.equalsIgnoreCase(e.text("model")) && t != null && !t.isBefore(ratesFrom);
    }

    public boolean inWindow(HostileEvent e) {
        Instant t = e.timestamp();
        return t != null && !t.isBefore(windowFrom) && t.isBefore(windowUntil);
    }

    /** The credits the event must cost, before or after the correction. */
    public BigDecimal credits(String customer, HostileEvent e, boolean corrected) {
        BigDecimal usd = BigDecimal.ZERO;
        for (String pair : COUNTERS) {
            String costType = pair.substring(0, pair.indexOf(':'));
            BigDecimal price = corrected && inWindow(e) && this.corrected.containsKey(costType)
                    ? this.corrected.get(costType) : prices.get(costType);
            usd = usd.add(BigDecimal.valueOf(e.tokens(pair.substring(pair.indexOf(':') + 1))).multiply(price));
        }
        return usd.divide(MILLION).multiply(creditsPerUsd).multiply(multipliers.get(customer));
    }
}
