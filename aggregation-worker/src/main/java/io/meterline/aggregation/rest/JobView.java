package io.meterline.aggregation.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.meterline.aggregation.repository.JobRepository.JobRow;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
        @JsonProperty("job_id") UUID jobId,
        @JsonProperty("trigger") String trigger,
        @JsonProperty("status") String status,
        @JsonProperty("from") OffsetDateTime from,
        @JsonProperty("to") OffsetDateTime to,
        @JsonProperty("rows_written") Long rowsWritten,
        @JsonProperty("error") String error,
        @JsonProperty("requested_at") OffsetDateTime requestedAt,
        @JsonProperty("started_at") OffsetDateTime startedAt,
        @JsonProperty("finished_at") OffsetDateTime finishedAt) {

    static JobView of(JobRow row) {
        return new JobView(row.id(), row.trigger(), row.status(), row.from(), row.to(), row.rowsWritten(),
                row.error(), row.requestedAt(), row.startedAt(), row.finishedAt());
    }
}
