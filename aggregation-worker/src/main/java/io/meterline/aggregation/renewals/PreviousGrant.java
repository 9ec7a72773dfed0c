package io.meterline.aggregation.renewals;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The PLAN grant of a subscription's latest issued period. {@code expired} is what its EXPIRE row took (null when
 * there is none), for a grant the grants job (or an earlier renewal) already closed.
 */
public record PreviousGrant(String customerId, String grantId, String state, BigDecimal amount, BigDecimal remaining,
        BigDecimal expired, Instant expiresAt) {

    /**
     * What was left of it at its period's end: the remaining of an ACTIVE grant (the renewal expires it now), what
     * the EXPIRE row took from an EXPIRED one, nothing of a VOIDED one (an operator took the credits back).
     */
    public BigDecimal unused() {
        return switch (state) {
            case "ACTIVE" -> remaining;
            case "EXPIRED" -> expired == null ? BigDecimal.ZERO : expired;
            default -> BigDecimal.ZERO;
        };
    }
}
