package io.meterline.ingest.rates;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A price version; it applies to events whose timestamp is in [valid_from, valid_until). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RateView(long id, String provider, String model, String costType, BigDecimal priceUsd, long unitSize,
        List<String> aliases, Instant validFrom, Instant validUntil, String source, Instant createdAt) {
}
