package io.meterline.ingest.usage;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to GET /v1/usage: the query as understood, and one page of buckets. time_zone (daily only) is the
 * customer's zone: each daily period_start is a local midnight there, and a day lasts 23 to 25 hours.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageView(String customerId, String period, Instant from, Instant to, String groupBy,
        String timeZone, List<UsageBucketView> data, String nextCursor) {
}
