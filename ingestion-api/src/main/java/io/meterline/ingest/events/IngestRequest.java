package io.meterline.ingest.events;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST /v1/events/ingest: 1..1000 events, at most 5 MB (gzip allowed). */
@Schema(name = "IngestRequest")
public record IngestRequest(@Schema(required = true, minItems = 1, maxItems = 1000) @JsonProperty("events") List<IngestEvent> events) {
}
