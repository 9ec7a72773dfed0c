package io.meterline.ingest.settings;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** PUT body of the billing settings. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BillingSettingsRequest(BigDecimal creditsPerUsd) {
}
