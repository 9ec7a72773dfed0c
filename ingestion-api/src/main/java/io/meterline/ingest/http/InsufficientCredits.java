package io.meterline.ingest.http;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.meterline.common.error.FieldError;

/**
 * 402 INSUFFICIENT_CREDITS: a HARD wallet refused a hold or a charge, nothing was written. Besides the usual error
 * body the answer carries {@code available} and the refused amount under {@code field} ({@code estimate} for a
 * reservation, {@code amount} for a charge), so a client can tell how far off it was.
 */
public class InsufficientCredits extends ApiException {

    private final BigDecimal available;
    private final String field;
    private final BigDecimal requested;

    public InsufficientCredits(BigDecimal available, String field, BigDecimal requested) {
        super(402, "INSUFFICIENT_CREDITS", "The wallet is in HARD spend mode and has " + available.toPlainString()
                + " credits available, less than the " + field + " " + requested.toPlainString(),
                List.of(new FieldError(field, "INSUFFICIENT_CREDITS", "exceeds the available "
                        + available.toPlainString())), Map.of());
        this.available = available;
        this.field = field;
        this.requested = requested;
    }

    public BigDecimal available() {
        return available;
    }

    public String field() {
        return field;
    }

    public BigDecimal requested() {
        return requested;
    }
}
