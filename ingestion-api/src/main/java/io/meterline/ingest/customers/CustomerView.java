package io.meterline.ingest.customers;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.ingest.wallets.WalletView;

/** A customer with its wallet. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerView(String id, String name, String email, BigDecimal priceMultiplier, String timeZone,
        Instant createdAt, WalletView wallet) {
}
