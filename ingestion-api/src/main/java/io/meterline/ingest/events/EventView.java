package io.meterline.ingest.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A stored usage event as the admin API shows it (money as strings). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventView(String customerId, String dedupKey, UUID eventId, String eventType, String featureId,
        String provider, String model, long inputTokens, long cachedInputTokens, long cacheWriteTokens,
        long outputTokens, BigDecimal quantity, String unit, String userId, String teamId, Object metadata,
        Instant eventTime, Instant receivedAt, UUID batchId,
        @Schema(description = "PRICED or UNPRICED (no rate yet; re-priced automatically when one is added)")
        String status,
        BigDecimal costUsd, BigDecimal credits, List<Long> rateIds, Long ledgerTxId, Instant processedAt,
        Instant pricedAt) {
}
