package io.meterline.loadgen.generate;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenCountsTest {

    private static final int N = 50_000;

    @Test
    void countsArePlausibleAndPartitionThePrompt() {
        SplittableRandom random = new SplittableRandom(11);
        long[] prompts = new long[N];
        int cached = 0;
        int cacheWrites = 0;
        for (int i = 0; i < N; i++) {
            TokenCounts t = TokenCounts.sample(random, true, true);
            assertTrue(t.promptTokens() >= 1 && t.promptTokens() <= TokenCounts.MAX_PROMPT);
            assertTrue(t.outputTokens() >= 1 && t.outputTokens() <= TokenCounts.MAX_OUTPUT);
            assertTrue(t.inputTokens() >= 0);
            prompts[i] = t.promptTokens();
            cached += t.cachedInputTokens() > 0 ? 1 : 0;
            cacheWrites += t.cacheWriteTokens() > 0 ? 1 : 0;
        }
        Arrays.sort(prompts);
        long median = prompts[N / 2];
        assertTrue(Math.abs(median - TokenCounts.PROMPT_MEDIAN) < 0.05 * TokenCounts.PROMPT_MEDIAN,
                "median prompt near " + TokenCounts.PROMPT_MEDIAN + ", got " + median);
        assertTrue(prompts[N - 1] > 10 * median, "long tail");
        assertEquals(TokenCounts.CACHED_SHARE, (double) cached / N, 0.01);
        assertTrue(cacheWrites > 0.05 * N && cacheWrites < 0.12 * N, "some cache writes: " + cacheWrites);
    }

    @Test
    void noCacheTokensWhereTheProviderDoesNotBillThem() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, TokenCounts.sample(random, true, false).cacheWriteTokens());
            TokenCounts noCache = TokenCounts.sample(random, false, false);
            assertEquals(0, noCache.cachedInputTokens() + noCache.cacheWriteTokens());
        }
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenCounts(-1, 0, 0, 0));
    }
}
