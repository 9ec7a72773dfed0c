package io.meterline.sdk;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * 402 {@code INSUFFICIENT_CREDITS}: the wallet is in {@code HARD} spend mode and its available credits (balance minus
 * holds) do not cover the reservation or charge; nothing was written. {@code available} and {@code estimate} are
 * what the API reported (null when it did not say).
 */
public class InsufficientCreditsException extends MeterlineException {
    private final BigDecimal available;
    private final BigDecimal estimate;

    public InsufficientCreditsException(String message, List<Map<String, Object>> details, BigDecimal available,
                                        BigDecimal estimate) {
        super(402, "INSUFFICIENT_CREDITS", message, details, null);
        this.available = available;
        this.estimate = estimate;
    }

    public BigDecimal available() {
        return available;
    }

    public BigDecimal estimate() {
        return estimate;
    }
}
