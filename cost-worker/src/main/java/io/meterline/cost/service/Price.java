package io.meterline.cost.service;

import java.math.BigDecimal;

/**
 * The outcome of pricing one event. PRICED: {@code costUsd} and {@code credits} are set (possibly zero when no
 * counter was used) and {@code rateIds} lists the provider_rates rows used. UNPRICED: both are null, never zero.
 */
public record Price(boolean priced, BigDecimal costUsd, BigDecimal credits, long[] rateIds) {

    public static final Price UNPRICED = new Price(false, null, null, new long[0]);

    public String status() {
        return priced ? "PRICED" : "UNPRICED";
    }
}
