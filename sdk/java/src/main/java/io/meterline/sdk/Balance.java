package io.meterline.sdk;

import java.math.BigDecimal;

/**
 * {@code GET /v1/balance}: the caller's credit balance; {@code estimate} is null unless one was asked about.
 * {@code held} (open reservations), {@code available} (balance − held, what {@code canSpend} compares with) and
 * {@code spendMode} ({@code SOFT} or {@code HARD}) are null when the API does not report them.
 */
public record Balance(BigDecimal balance, String currency, boolean lowBalance, boolean canSpend, BigDecimal estimate,
                      BigDecimal held, BigDecimal available, String spendMode) {
}
