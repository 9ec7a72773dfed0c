package io.meterline.ingest.customers;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/admin/customers. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "A new customer; its wallet is created with it (balance 0)")
public record CreateCustomerRequest(
        @Schema(description = "Optional; generated (cus_...) when absent. Pattern ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$",
                examples = "acme-corp") String id,
        @Schema(required = true, examples = "Acme Corp") String name,
        @Schema(examples = "billing@acme.example") String email,
        @Schema(description = "Wallet balance at or below which the wallet is LOW (default 0)", examples = "100")
        BigDecimal lowBalanceThreshold,
        @Schema(description = "Credits charged per USD of provider cost (default 1)", examples = "1.2")
        BigDecimal priceMultiplier,
        @Schema(description = "IANA time zone of the customer's daily rollups (default UTC); offsets must be whole "
                + "hours", examples = "Europe/Berlin") String timeZone) {
}
