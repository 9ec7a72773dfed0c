package io.meterline.cost.service;

import java.math.BigDecimal;

/**
 * The outcome of pricing one event. PRICED: {@code costUsd} and {@code credits} are set (possibly zero when no
 * counter was used), {@code rateIds} lists the provider_rates rows used and {@code tariff} the multiplier and
 * credits per USD applied. UNPRICED: cost, credits and tariff are null, never zero.
 */
public record Price(boolean priced, BigDecimal costUsd, BigDecimal credits, long[] rateIds, Tariff tariff) {

    public static final Price UNPRICED = new Price(false, null, null, new long[0], null);

    public String status() {
        return priced ? "PRICED" : "UNPRICED";
    }
}
