package io.meterline.ingest.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One item of PUT /v1/admin/rates: a price version for (provider, model, cost_type) from valid_from on. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RateRequest(
        @Schema(required = true, description = "Stored lower-case", examples = "openai") String provider,
        @Schema(required = true, description = "Matched case-insensitively", examples = "gpt-4o") String model,
        @Schema(required = true, enumeration = {"INPUT_TOKEN", "CACHED_INPUT_TOKEN", "CACHE_WRITE_TOKEN", "OUTPUT_TOKEN",
                "REQUEST", "IMAGE", "AUDIO_SECOND", "UNIT"}) String costType,
        @Schema(required = true, description = "USD per unit_size units, >= 0", examples = "2.50") BigDecimal priceUsd,
        @Schema(description = "Units the price is for (default 1000000, i.e. per million tokens)", examples = "1000000")
        Long unitSize,
        @Schema(required = true, examples = "2025-01-01T00:00:00Z") Instant validFrom,
        @Schema(description = "Other model names this rate answers to") List<String> aliases,
        @Schema(description = "Where the price comes from", examples = "openai.com/pricing 2025-01-01") String source,
        @Schema(description = "Correct the past: store this version for [valid_from, valid_until) even before now, "
                + "replacing the versions there, and re-rate the PRICED usage of that window (docs/rates.md)")
        Boolean rerate,
        @Schema(description = "Only with rerate: end of the corrected window (exclusive); absent = no end")
        Instant validUntil) {
}
