package io.meterline.loadgen.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A model the generated traffic uses, and how often (relative weight).
 * The defaults are models the default rate catalogue prices, so generated events are PRICED, not UNPRICED.
 */
public record ModelSpec(String provider, String model, double weight) {

    public static final List<ModelSpec> DEFAULTS = List.of(
            new ModelSpec("openai", "gpt-4o", 3),
            new ModelSpec("openai", "gpt-4o-mini", 5),
            new ModelSpec("anthropic", "claude-sonnet-4-5", 3),
            new ModelSpec("anthropic", "claude-haiku-4-5", 2),
            new ModelSpec("google", "gemini-2.5-flash", 3),
            new ModelSpec("mistral", "mistral-large", 1));

    /** Providers whose prices have a cached-input (cache read) line; others get no cached input tokens. */
    static final Set<String> CACHE_READ_PROVIDERS = Set.of("openai", "anthropic", "google", "deepseek", "xai");

    public ModelSpec {
        if (provider == null || provider.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("provider and model are required");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive: " + weight);
        }
        provider = provider.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code provider:model[:weight],...}, e.g. {@code openai:gpt-4o:3,google:gemini-2.5-flash}. */
    public static List<ModelSpec> parseList(String text) {
        List<ModelSpec> specs = new ArrayList<>();
        for (String item : text.split(",")) {
            String[] parts = item.strip().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("expected provider:model[:weight], got '" + item + "'");
            }
            double weight = parts.length == 3 ? Double.parseDouble(parts[2]) : 1;
            specs.add(new ModelSpec(parts[0], parts[1], weight));
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no model given");
        }
        return List.copyOf(specs);
    }

    boolean readsCache() {
        return CACHE_READ_PROVIDERS.contains(provider);
    }

    /** Anthropic bills cache writes separately; the others do not. */
    boolean writesCache() {
        return provider.equals("anthropic");
    }
}
