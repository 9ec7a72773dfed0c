package io.meterline.ingest.deadletters;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/admin/dead-letters/replay: either {@code ids}, or {@code customer_id} with an optional limit. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplayRequest(
        @Schema(description = "Dead letters to replay (1 to 500 ids)", examples = "[41, 42]") List<Long> ids,
        @Schema(description = "Replay this customer's OPEN dead letters, oldest first", examples = "acme-corp")
        String customerId,
        @Schema(description = "With customer_id: at most this many (1 to 500, default 100)", examples = "100")
        Integer limit) {
}
