package io.meterline.sdk;

import java.math.BigDecimal;

/** {@code GET /v1/balance}: the caller's credit balance; {@code estimate} is null unless one was asked about. */
public record Balance(BigDecimal balance, String currency, boolean lowBalance, boolean canSpend, BigDecimal estimate) {
}
