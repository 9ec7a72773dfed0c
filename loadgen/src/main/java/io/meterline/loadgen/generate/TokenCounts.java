package io.meterline.loadgen.generate;

import java.util.SplittableRandom;

/**
 * Token counts of one LLM call, shaped like real chat traffic: a long-tailed (log-normal) prompt and answer,
 * where the provider bills cache reads, about a third of the calls reading part of the prompt from its cache, and,
 * where it bills cache writes, an occasional cache write. {@code inputTokens} is the uncached input only, as the ingest API defines it.
 */
public record TokenCounts(long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens) {

    static final double PROMPT_MEDIAN = 1200;
    static final double OUTPUT_MEDIAN = 250;
    static final double SIGMA = 1.0;
    static final long MAX_PROMPT = 200_000;
    static final long MAX_OUTPUT = 16_000;
    static final double CACHED_SHARE = 0.35;
    static final double CACHE_WRITE_SHARE = 0.10;

    public TokenCounts {
        if (inputTokens < 0 || cachedInputTokens < 0 || cacheWriteTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("token counts are non-negative");
        }
    }

    public long promptTokens() {
        return inputTokens + cachedInputTokens + cacheWriteTokens;
    }

    static TokenCounts sample(SplittableRandom random, boolean readsCache, boolean writesCache) {
        long prompt = logNormal(random, PROMPT_MEDIAN, 1, MAX_PROMPT);
        long output = logNormal(random, OUTPUT_MEDIAN, 1, MAX_OUTPUT);
        long cached = 0;
        if (readsCache && random.nextDouble() < CACHED_SHARE) {
            cached = (long) (prompt * (0.5 + 0.45 * random.nextDouble()));
        }
        long cacheWrite = 0;
        if (writesCache && random.nextDouble() < CACHE_WRITE_SHARE) {
            cacheWrite = (long) ((prompt - cached) * (0.2 + 0.4 * random.nextDouble()));
        }
        return new TokenCounts(prompt - cached - cacheWrite, cached, cacheWrite, output);
    }

    private static long logNormal(SplittableRandom random, double median, long min, long max) {
        double value = median * Math.exp(SIGMA * gaussian(random));
        return Math.max(min, Math.min(max, Math.round(value)));
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log(0) is never taken
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
