package io.meterline.ingest.rest;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Usage of one period (and one group, when grouped). Dimension fields appear only for their group_by. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageBucketView(Instant periodStart, String featureId, String provider, String model, String eventType,
        long eventCount, long unpricedCount, long inputTokens, long cachedInputTokens, long cacheWriteTokens,
        long outputTokens, BigDecimal quantity, BigDecimal credits) {
}
