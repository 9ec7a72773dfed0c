package io.meterline.ingest.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One event of a batch that was not accepted: its position, its event_id as sent, and why. */
public record IngestError(
        @JsonProperty("index") int index,
        @JsonProperty("event_id") String eventId,
        @JsonProperty("code") RejectCode code,
        @JsonProperty("field") String field,
        @JsonProperty("message") String message) {
}
