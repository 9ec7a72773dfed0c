package io.meterline.ingest.deadletters;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A dead letter as the admin API shows it; the payload as UTF-8 text (bytes that are not UTF-8 show as U+FFFD). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetterView(long id,
        @Schema(description = "OPEN (not replayed), REPLAYED (republished; see event_status), RESOLVED (its event is "
                + "now PRICED or UNPRICED)") String status,
        @Schema(description = "Status of the event's usage row: REJECTED, PRICED, UNPRICED, or null") String eventStatus,
        String reason,
        @Schema(description = "null when it could not be read from the payload") String customerId,
        UUID eventId, String dedupKey, String sourceTopic, int sourcePartition, long sourceOffset, String recordKey,
        String payload, OffsetDateTime recordTimestamp, OffsetDateTime createdAt, OffsetDateTime replayedAt) {
}
