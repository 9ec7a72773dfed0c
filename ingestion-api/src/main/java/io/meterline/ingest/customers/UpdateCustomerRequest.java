package io.meterline.ingest.customers;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.ingest.wallets.AutoTopUpRequest;

/**
 * Body of PATCH /v1/admin/customers/{id}: only the fields present change. A new time_zone re-computes the
 * customer's daily rollups in it at the next aggregation run (every day, past ones included).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateCustomerRequest(String name, String email, BigDecimal lowBalanceThreshold,
        BigDecimal priceMultiplier, String timeZone, AutoTopUpRequest autoTopUp) {
}
