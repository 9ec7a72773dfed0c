package io.meterline.ingest.stats;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** GET /v1/admin/stats: every period of [from, to), oldest first, empty ones included. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsView(Instant from, Instant to, String period, String customerId, BigDecimal creditsPerUsd,
        List<PeriodStatsView> periods) {
}
