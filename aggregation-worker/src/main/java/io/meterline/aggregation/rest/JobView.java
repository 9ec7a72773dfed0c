package io.meterline.aggregation.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.meterline.aggregation.repository.FailedBucketRepository.FailedBucket;
import io.meterline.aggregation.repository.JobRepository.JobRow;

/**
 * A job. status QUEUED, RUNNING, SUCCEEDED, PARTIAL (committed, but failed_buckets buckets could not be rolled up;
 * later runs retry them) or FAILED (nothing committed; error says why). failures lists (up to 100) buckets this
 * job was the last to try that still fail.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        @JsonProperty("job_id") UUID jobId,
        @JsonProperty("trigger") String trigger,
        @JsonProperty("status") String status,
        @JsonProperty("from") OffsetDateTime from,
        @JsonProperty("to") OffsetDateTime to,
        @JsonProperty("rows_written") Long rowsWritten,
        @JsonProperty("hours_recomputed") Long hoursRecomputed,
        @JsonProperty("failed_buckets") Integer failedBuckets,
        @JsonProperty("failures") List<BucketView> failures,
        @JsonProperty("error") String error,
        @JsonProperty("requested_at") OffsetDateTime requestedAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("finished_at") OffsetDateTime finishedAt) {

    /** A rollup bucket (one customer's hour or day) that failed with a data error, and why. */
    public record BucketView(
            @JsonProperty("customer_id") String customerId,
            @JsonProperty("period") String period,
            @JsonProperty("period_start") OffsetDateTime periodStart,
            @JsonProperty("sql_state") String sqlState,
            @JsonProperty("error") String error,
            @JsonProperty("attempts") int attempts,
            @JsonProperty("first_failed_at") OffsetDateTime firstFailedAt) {
    }

    static JobView of(JobRow row, List<FailedBucket> failed) {
        List<BucketView> failures = failed.isEmpty() ? null : failed.stream()
                .map(b -> new BucketView(b.customerId(), b.period(), b.periodStart(), b.sqlState(), b.error(),
                        b.attempts(), b.firstFailedAt()))
                .toList();
        return new JobView(row.id(), row.trigger(), row.status(), row.from(), row.to(), row.rowsWritten(),
                row.hoursRecomputed(), row.failedBuckets(), failures, row.error(), row.requestedAt(), row.startedAt(), row.finishedAt());
    }
}
