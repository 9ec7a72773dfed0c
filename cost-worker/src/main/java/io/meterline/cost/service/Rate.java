package io.meterline.cost.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One version of a price: {@code priceUsd} per {@code unitSize} units, for events whose own timestamp is in
 * [validFrom, validUntil). {@code validUntil} null means open. {@code priceUsd} has its trailing zeros stripped
 * so products keep the smallest exact scale.
 */
public record Rate(long id, String provider, String model, CostType costType, BigDecimal priceUsd, long unitSize,
        List<String> aliases, Instant validFrom, Instant validUntil) {

    public boolean validAt(Instant at) {
        return !at.isBefore(validFrom) && (validUntil == null || at.isBefore(validUntil));
    }
}
