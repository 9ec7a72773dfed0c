package io.meterline.aggregation.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff defaults = new Backoff(Duration.ofSeconds(5), 6, Duration.ofHours(10), 0.2);

    @Test
    void theDefaultScheduleSpreadsEightAttemptsOverAboutADay() {
        List<Long> pauses = List.of(1, 2, 3, 4, 5, 6, 7).stream().map(defaults::baseMillis).toList();
        assertEquals(List.of(5_000L, 30_000L, 180_000L, 1_080_000L, 6_480_000L, 36_000_000L, 36_000_000L), pauses);
        long total = pauses.stream().mapToLong(Long::longValue).sum();
        assertTrue(total > Duration.ofHours(22).toMillis() && total < Duration.ofHours(23).toMillis(), "total " + total);
    }

    @Test
    void jitterStaysWithinTwentyPercent() {
        assertEquals(4_000, defaults.millis(1, 0, () -> 0.0));
        assertEquals(5_000, defaults.millis(1, 0, () -> 0.5));
        assertEquals(5_999, defaults.millis(1, 0, () -> 0.9999), 1);
    }

    @Test
    void retryAfterLengthensAPauseUpToTheCapNeverShortensIt() {
        assertEquals(60_000, defaults.millis(1, 60_000, () -> 0.5));
        assertEquals(30_000, defaults.millis(2, 1_000, () -> 0.5));
        assertEquals(36_000_000, defaults.millis(1, Duration.ofDays(3).toMillis(), () -> 0.5));
    }

    @Test
    void retryAfterIsReadInSecondsOnly() {
        assertEquals(120_000, WebhookPoster.retryAfterMillis(" 120 "));
        assertEquals(0, WebhookPoster.retryAfterMillis("Wed, 21 Oct 2026 07:28:00 GMT"));
        assertEquals(0, WebhookPoster.retryAfterMillis(null));
    }
}
