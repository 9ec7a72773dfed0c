package io.meterline.ingest.events;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;


/** Answer to an ingest batch (202 accepted|partial, 200 all_duplicates). */
@Schema(name = "IngestResponse")
public record IngestResponse(
        @JsonProperty("batch_id") UUID batchId,
        @Schema(enumeration = {"accepted", "partial", "all_duplicates"}) @JsonProperty("status") String status,
        @JsonProperty("accepted") int accepted,
        @JsonProperty("duplicates") int duplicates,
        @JsonProperty("rejected") int rejected,
        @JsonProperty("errors") List<IngestError> errors) {

    public static IngestResponse of(IngestOutcome outcome) {
        String status = outcome.accepted() == 0 ? "all_duplicates" : outcome.errors().isEmpty() ? "accepted" : "partial";
        return new IngestResponse(outcome.batchId(), status, outcome.accepted(), outcome.duplicates(),
                outcome.errors().size(), outcome.errors());
    }
}
