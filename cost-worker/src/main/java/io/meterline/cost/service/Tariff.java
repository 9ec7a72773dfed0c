package io.meterline.cost.service;

import java.math.BigDecimal;

/**
 * What a customer's credits are computed with: credits = cost_usd × {@code creditsPerUsd} × {@code multiplier}.
 * Both are read from Postgres in the query that starts each batch (credits per USD is one value for the whole
 * installation, in {@code billing_settings}), and both are stored on every priced usage row.
 */
public record Tariff(BigDecimal multiplier, BigDecimal creditsPerUsd) {
}
