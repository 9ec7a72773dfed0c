package io.meterline.aggregation.rest;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Manual trigger: without a range, an incremental run; with {@code from} and {@code to}, a backfill by event time.
 * Read by {@link JobRequestParser}, not by data binding, so that its rules hold exactly.
 */
public record JobRequest(@JsonProperty("from") OffsetDateTime from, @JsonProperty("to") OffsetDateTime to) {
}
