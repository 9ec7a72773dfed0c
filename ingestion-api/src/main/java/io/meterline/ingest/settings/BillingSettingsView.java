package io.meterline.ingest.settings;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Installation-wide billing settings. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BillingSettingsView(
        @Schema(description = "Credits burned per USD of provider cost, before each customer's price multiplier")
        BigDecimal creditsPerUsd,
        Instant updatedAt) {
}
