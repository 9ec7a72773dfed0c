package io.meterline.cost.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.money.Money;
import io.meterline.cost.config.CostConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prices one event against a {@link RateCatalog}; pure and thread-safe.
 *
 * <p>Rules (also in docs/rates.md):
 * <ul>
 * <li>TOKEN_USAGE: each non-zero counter (input, cached input, cache write, output) × its cost type's rate.
 * A non-zero counter without a rate makes the whole event UNPRICED: it is never priced at zero.</li>
 * <li>API_CALL → REQUEST, IMAGE_GENERATION → IMAGE, AUDIO → AUDIO_SECOND, CUSTOM → UNIT, each
 * quantity (1 when absent) × rate.</li>
 * <li>The rate is looked up by provider and model; an event without a provider uses the configured default
 * provider ({@code custom}), an event without a model uses its feature_id as the model.</li>
 * <li>The rate version is the one valid at the event's own timestamp.</li>
 * </ul>
 * Invariant: cost and credits are exact; the only rounding is to {@link Money#SCALE} places, the precision of the
 * NUMERIC columns, so the credits summed into a burn are exactly the credits stored on the usage rows.
 */
@ApplicationScoped
public class Pricer {

    private static final CostType[] TOKEN_TYPES = {
        CostType.INPUT_TOKEN, CostType.CACHED_INPUT_TOKEN, CostType.CACHE_WRITE_TOKEN, CostType.OUTPUT_TOKEN };

    private final String defaultProvider;

    @Inject
    public Pricer(CostConfig config) {
        this(config.defaultProvider());
    }

    public Pricer(String defaultProvider) {
        this.defaultProvider = defaultProvider;
    }

    /** The catalogue key an event is priced under (see the class comment for absent provider or model). */
    public String rateKey(String provider, String model, String featureId) {
        return RateCatalog.key(provider != null ? provider : defaultProvider, model != null ? model : featureId);
    }

    public String defaultProvider() {
        return defaultProvider;
    }

    public Price price(UsageEventV1 event, RateCatalog catalog, Tariff tariff) {
        String key = rateKey(event.provider(), event.model(), event.featureId());
        Instant at = event.timestamp();
        BigDecimal cost = BigDecimal.ZERO;
        long[] rateIds;
        if (event.eventType() == EventType.TOKEN_USAGE) {
            long[] counts = { event.inputTokens(), event.cachedInputTokens(), event.cacheWriteTokens(),
                event.outputTokens() };
            rateIds = new long[TOKEN_TYPES.length];
            int used = 0;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                Rate rate = catalog.find(key, TOKEN_TYPES[i], at);
                if (rate == null) {
                    return Price.UNPRICED;
                }
                cost = cost.add(Money.perUnit(counts[i], rate.priceUsd(), rate.unitSize()));
                rateIds[used++] = rate.id();
            }
            if (used == 0 && !catalog.knows(key)) {
                return Price.UNPRICED; // nothing to charge, but an unknown model is still reported as such
            }
            rateIds = used == rateIds.length ? rateIds : Arrays.copyOf(rateIds, used);
        } else {
            Rate rate = catalog.find(key, costTypeOf(event.eventType()), at);
            if (rate == null) {
                return Price.UNPRICED;
            }
            BigDecimal quantity = event.quantity() != null ? event.quantity() : BigDecimal.ONE;
            cost = Money.perUnit(quantity, rate.priceUsd(), rate.unitSize());
            rateIds = new long[] { rate.id() };
        }
        BigDecimal credits = cost.multiply(tariff.creditsPerUsd()).multiply(tariff.multiplier());
        return new Price(true, toStorageScale(cost), toStorageScale(credits), rateIds, tariff);
    }

    static BigDecimal toStorageScale(BigDecimal amount) {
        return amount.scale() > Money.SCALE ? amount.setScale(Money.SCALE, RoundingMode.HALF_EVEN) : amount;
    }

    static CostType costTypeOf(EventType type) {
        return switch (type) {
            case API_CALL -> CostType.REQUEST;
            case IMAGE_GENERATION -> CostType.IMAGE;
            case AUDIO -> CostType.AUDIO_SECOND;
            case CUSTOM -> CostType.UNIT;
            case TOKEN_USAGE -> throw new IllegalArgumentException("token usage has four cost types");
        };
    }
}
