package io.meterline.cost.messaging;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The value of a record on the dead-letter topic: why the record was not billed, where it came from and its
 * original payload, verbatim (it may not even be JSON). Schema: docs/topics.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("reason") String reason,
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("offset") long offset,
        @JsonProperty("key") String key,
        @JsonProperty("payload") String payload,
        @JsonProperty("record_timestamp") Instant recordTimestamp,
        @JsonProperty("dead_lettered_at") Instant deadLetteredAt) {

    public static final int SCHEMA_VERSION = 1;
}
