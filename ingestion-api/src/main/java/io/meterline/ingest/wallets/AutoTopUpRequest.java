package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The {@code auto_top_up} of PATCH /v1/admin/customers/{id}: {@code {threshold, target}} switches it on (or
 * changes it), {@code {"enabled": false}} switches it off. JSON null cannot be told apart from an absent field,
 * hence the explicit switch.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AutoTopUpRequest(
        @Schema(description = "false switches auto top-up off (then give neither threshold nor target)")
        Boolean enabled,
        @Schema(description = "Credits, >= 0", examples = "100") BigDecimal threshold,
        @Schema(description = "Credits, > threshold", examples = "500") BigDecimal target) {

    public boolean switchesOff() {
        return Boolean.FALSE.equals(enabled);
    }
}
