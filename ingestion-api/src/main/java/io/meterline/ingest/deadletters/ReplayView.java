package io.meterline.ingest.deadletters;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What a replay did: the dead letters republished, and those left alone with the reason. */
public record ReplayView(List<Replayed> replayed, List<Skipped> skipped) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Replayed(long id, String customerId, UUID eventId) {
    }

    public record Skipped(long id,
            @Schema(description = "ALREADY_REPLAYED, ALREADY_RESOLVED (its event is PRICED or UNPRICED) or "
                    + "NO_PAYLOAD (an empty record)") String reason) {
    }
}
