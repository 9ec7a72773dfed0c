package io.meterline.ingest.customers;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.ingest.wallets.AutoTopUpRequest;

/** Body of PATCH /v1/admin/customers/{id}: only the fields present change. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateCustomerRequest(String name, String email, BigDecimal lowBalanceThreshold,
        BigDecimal priceMultiplier, AutoTopUpRequest autoTopUp) {
}
