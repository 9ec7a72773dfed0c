package io.meterline.cost.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Immutable snapshot of provider_rates, looked up in memory for every event (never a database read per event).
 *
 * <p>Matching rule: provider exactly (rates are stored lower-case) and model case-insensitively, first by the
 * rate's own model name, and only when no rate has that name, by an alias some rate declares. Nothing is guessed: no prefix or fuzzy match.
 * Among the versions of one (provider, model, cost type), the one valid at the event's timestamp is chosen.
 */
public final class RateCatalog {

    public static final RateCatalog EMPTY = new RateCatalog(List.of());

    private final Map<String, Map<CostType, List<Rate>>> byModel = new HashMap<>();
    private final Map<String, Map<CostType, List<Rate>>> byAlias = new HashMap<>();
    private final Set<Long> ids = new HashSet<>();
    private final long fingerprint;

    public RateCatalog(Collection<Rate> rates) {
        long print = 0;
        for (Rate rate : rates) {
            ids.add(rate.id());
            print += mix(rate.id() * 31 + (rate.validUntil() == null ? 0 : rate.validUntil().getEpochSecond()));
            add(byModel, key(rate.provider(), rate.model()), rate);
            for (String alias : rate.aliases()) {
                add(byAlias, key(rate.provider(), alias), rate);
            }
        }
        this.fingerprint = print;
        Comparator<Rate> byValidFrom = Comparator.comparing(Rate::validFrom);
        byModel.values().forEach(m -> m.values().forEach(l -> l.sort(byValidFrom)));
        byAlias.values().forEach(m -> m.values().forEach(l -> l.sort(byValidFrom)));
    }

    /** The lookup key of a provider and model name: both lower-case, separated by a character no name contains. */
    public static String key(String provider, String model) {
        return provider.toLowerCase(Locale.ROOT) + '\u0001' + model.toLowerCase(Locale.ROOT);
    }

    /** The rate for this key and cost type valid at {@code at}, or null when there is none. */
    public Rate find(String key, CostType type, Instant at) {
        Map<CostType, List<Rate>> types = byModel.get(key);
        return find(types != null ? types : byAlias.get(key), type, at);
    }

    /** True when any rate (any cost type, any time) answers to this key. */
    public boolean knows(String key) {
        return byModel.containsKey(key) || byAlias.containsKey(key);
    }

    /** Every key a rate answers to (model names and aliases); used to find UNPRICED events worth re-pricing. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(byModel.keySet());
        byAlias.keySet().stream().filter(k -> !byModel.containsKey(k)).forEach(keys::add);
        return keys;
    }

    /**
     * The keys usage rows of this provider's model are priced under: the model's own name and every alias any of
     * its versions declares (what a re-rating job of that model looks at).
     */
    public List<String> keysOf(String provider, String model) {
        String own = key(provider, model);
        Set<String> keys = new LinkedHashSet<>();
        keys.add(own);
        Map<CostType, List<Rate>> types = byModel.get(own);
        if (types != null) {
            types.values().forEach(versions -> versions.forEach(rate -> rate.aliases()
                    .forEach(alias -> keys.add(key(provider, alias)))));
        }
        return new ArrayList<>(keys);
    }

    public Set<Long> ids() {
        return ids;
    }

    /**
     * Identifies this set of rate versions (ids and closing times), whatever the load order: an event this
     * catalogue cannot price stays unpriceable until the fingerprint changes (see the re-pricer).
     */
    public long fingerprint() {
        return fingerprint;
    }

    /** SplitMix64's finaliser: spreads each rate over 64 bits, so the sum of two catalogues rarely collides. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public int size() {
        return ids.size();
    }

    private static Rate find(Map<CostType, List<Rate>> types, CostType type, Instant at) {
        if (types == null) {
            return null;
        }
        List<Rate> versions = types.get(type);
        if (versions == null) {
            return null;
        }
        for (int i = versions.size() - 1; i >= 0; i--) {
            Rate rate = versions.get(i);
            if (rate.validAt(at)) {
                return rate;
            }
        }
        return null;
    }

    private static void add(Map<String, Map<CostType, List<Rate>>> index, String key, Rate rate) {
        index.computeIfAbsent(key, k -> new EnumMap<>(CostType.class))
                .computeIfAbsent(rate.costType(), t -> new ArrayList<>()).add(rate);
    }
}
