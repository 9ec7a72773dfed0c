package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.meterline.loadgen.generate.Customer;

/**
 * Step 1 of a hostile run, through the admin API: the customers (each with a price multiplier, an API key and
 * 1,000,000 credits) and the first versions of the test model's four token rates, starting 30 days ago (allowed for
 * a first version). The re-rating window is one day, three days ago.
 */
final class Setup {

    static final String[] MULTIPLIERS = { "1", "1.5", "0.7", "2", "0.25" };
    static final Map<String, BigDecimal> PRICES = new TreeMap<>(Map.of("INPUT_TOKEN", new BigDecimal("3"),
            "CACHED_INPUT_TOKEN", new BigDecimal("0.3"), "CACHE_WRITE_TOKEN", new BigDecimal("3.75"),
            "OUTPUT_TOKEN", new BigDecimal("15")));
    static final Map<String, BigDecimal> CORRECTED = new TreeMap<>(Map.of("INPUT_TOKEN", new BigDecimal("2.5"),
            "OUTPUT_TOKEN", new BigDecimal("12.125")));

    record Result(List<Customer> customers, Pricing pricing, HostileGenerator generator) {
    }

    private Setup() {
    }

    static Result run(Http http, HostileOptions options) {
        Instant now = Instant.now();
        Instant ratesFrom = now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);
        Instant windowFrom = now.minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        Instant windowUntil = windowFrom.plus(Duration.ofDays(1));
        String model = "m-" + options.prefix();
        List<Customer> customers = new ArrayList<>();
        Map<String, BigDecimal> multipliers = new LinkedHashMap<>();
        for (int i = 0; i < options.customers(); i++) {
            String id = options.prefix() + "-c" + (i + 1);
            http.adminOk("POST", "/v1/admin/customers", Map.of("id", id, "name", "e2e customer " + (i + 1) + " ⚡",
                    "price_multiplier", MULTIPLIERS[i]), 200, 201);
            String key = http.adminOk("POST", "/v1/admin/customers/" + id + "/api-keys", Map.of("name", "e2e"), 201)
                    .path("api_key").asText();
            http.adminOk("POST", "/v1/admin/customers/" + id + "/wallet/top-ups",
                    Map.of("amount", "1000000", "idempotency_key", id + "-opening"), 200, 201);
            customers.add(new Customer(id, key));
            multipliers.put(id, new BigDecimal(MULTIPLIERS[i]));
        }
        BigDecimal creditsPerUsd = new BigDecimal(http.adminOk("GET", "/v1/admin/settings/billing", null, 200)
                .path("credits_per_usd").asText());
        List<Map<String, Object>> rates = new ArrayList<>();
        PRICES.forEach((costType, price) -> rates.add(rate(model, costType, price, ratesFrom, null)));
        http.adminOk("PUT", "/v1/admin/rates", rates, 200);
        Pricing pricing = new Pricing(model, ratesFrom, PRICES, CORRECTED, windowFrom, windowUntil, creditsPerUsd,
                multipliers);
        return new Result(customers, pricing, new HostileGenerator(model, now, windowFrom, windowUntil,
                options.crossDayKeys()));
    }

    /** One item of PUT /v1/admin/rates; with {@code until}, a re-rating correction of [from, until). */
    static Map<String, Object> rate(String model, String costType, BigDecimal price, Instant from, Instant until) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("provider", HostileGenerator.PROVIDER);
        item.put("model", model);
        item.put("cost_type", costType);
        item.put("price_usd", price.toPlainString());
        item.put("unit_size", 1_000_000);
        item.put("valid_from", from.toString());
        if (until != null) {
            item.put("valid_until", until.toString());
            item.put("rerate", true);
        }
        item.put("source", until == null ? "scripts/e2e.sh test model" : "scripts/e2e.sh correction");
        return item;
    }

    /** The correction of the window: INPUT_TOKEN and OUTPUT_TOKEN, one request, one job. */
    static List<Map<String, Object>> correction(Pricing pricing) {
        List<Map<String, Object>> items = new ArrayList<>();
        pricing.corrected().forEach((costType, price) -> items.add(rate(pricing.model(), costType, price,
                pricing.windowFrom(), pricing.windowUntil())));
        return items;
    }
}
