package io.meterline.ingest.usage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Usage of one period (and one group, when grouped). Dimension fields appear only for their group_by. Token counts
 * are exact JSON integers of any size (their sums can pass 2^63); money fields are decimal strings.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageBucketView(Instant periodStart, String featureId, String provider, String model, String eventType,
        long eventCount, long unpricedCount, BigInteger inputTokens, BigInteger cachedInputTokens,
        BigInteger cacheWriteTokens, BigInteger outputTokens, BigDecimal quantity, BigDecimal credits) {
}
