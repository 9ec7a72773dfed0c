package io.meterline.common.ledger;

import java.math.BigDecimal;

/**
 * What {@link Holds#hold}, {@link Holds#holdMany}, {@link Holds#release} or {@link Holds#releaseMany} did for one
 * request: {@code outcome} CREATED, EXISTING (the reservation id was taken: {@code hold} is the stored one),
 * INSUFFICIENT (HARD wallet, nothing written; {@code hold} is null), NO_WALLET, RELEASED, CLOSED (release of a
 * reservation already closed) or NOT_FOUND. The wallet figures are
 * those after the call (hold only; null for release).
 */
public record HoldOutcome(String outcome, Hold hold, BigDecimal balance, BigDecimal held, String spendMode) {

    /** balance − held, or null when the wallet figures are absent. */
    public BigDecimal available() {
        return balance == null ? null : balance.subtract(held);
    }
}
