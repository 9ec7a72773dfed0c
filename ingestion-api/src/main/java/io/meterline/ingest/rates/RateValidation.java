package io.meterline.ingest.rates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.meterline.ingest.rates.RateService.Item;

/** Checks every item of a bulk rate body and names each bad field by index, e.g. {@code [2].price_usd}. */
final class RateValidation {

    static final int MAX_ALIASES = 100;

    private RateValidation() {
    }

    static List<Item> validate(List<RateRequest> requests, int maxItems) {
        if (requests == null) {
            throw ApiException.badRequest("The body must be a JSON array of rates");
        }
        if (requests.isEmpty() || requests.size() > maxItems) {
            throw ApiException.invalid("body", "must hold between 1 and " + maxItems + " rates");
        }
        Validator v = new Validator();
        for (int i = 0; i < requests.size(); i++) {
            check(v.item(i), requests.get(i));
        }
        v.throwIfInvalid();
        List<Item> items = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            RateRequest r = requests.get(i);
            items.add(new Item(i, r.provider().trim().toLowerCase(Locale.ROOT), r.model().trim(),
                    r.costType().trim().toUpperCase(Locale.ROOT), r.priceUsd(), RateService.unitSizeOrDefault(r.unitSize()),
                    r.aliases() == null ? List.of() : r.aliases().stream().map(String::trim).toList(), r.validFrom(),
                    r.source(), Boolean.TRUE.equals(r.rerate()), r.validUntil()));
        }
        return items;
    }

    private static void check(Validator v, RateRequest r) {
        if (r == null) {
            v.reject("", "REQUIRED", "must be a rate object");
            return;
        }
        v.text("provider", r.provider(), true, 64).text("model", r.model(), true, 256)
                .text("cost_type", r.costType(), true, 32)
                .money("price_usd", r.priceUsd(), true, Sign.NON_NEGATIVE, MoneyBounds.PRICE_USD_MAX)
                .required("valid_from", r.validFrom()).freeText("source", r.source(), false, 1000);
        if (r.costType() != null && !RateService.COST_TYPES.contains(r.costType().trim().toUpperCase(Locale.ROOT))) {
            v.reject("cost_type", "INVALID", "must be one of " + new TreeSet<>(RateService.COST_TYPES));
        }
        if (r.validUntil() != null && !Boolean.TRUE.equals(r.rerate())) {
            v.reject("valid_until", "INVALID", "only with \"rerate\": true (a version otherwise lasts until the next one)");
        } else if (r.validUntil() != null && r.validFrom() != null && !r.validUntil().isAfter(r.validFrom())) {
            v.reject("valid_until", "INVALID", "must be after valid_from");
        }
        if (r.unitSize() != null && (r.unitSize() <= 0 || r.unitSize() > MoneyBounds.UNIT_SIZE_MAX)) {
            v.reject("unit_size", "OUT_OF_RANGE", "must be a whole number from 1 to " + MoneyBounds.UNIT_SIZE_MAX);
        }
        if (r.aliases() != null && r.aliases().size() > MAX_ALIASES) {
            v.reject("aliases", "TOO_MANY", "must hold at most " + MAX_ALIASES + " names");
        } else if (r.aliases() != null) {
            for (int a = 0; a < r.aliases().size(); a++) {
                v.text("aliases[" + a + "]", r.aliases().get(a), true, 256);
            }
        }
    }
}
