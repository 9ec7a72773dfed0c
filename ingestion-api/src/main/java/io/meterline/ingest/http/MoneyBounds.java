package io.meterline.ingest.http;

import java.math.BigDecimal;

/**
 * Upper bounds on the amounts the admin API stores, checked before any write, so that nothing stored can make a
 * later sum or product overflow NUMERIC(38,18) (at most 20 digits before the point, i.e. below 10^20).
 *
 * <p>Why these: a wallet write moves at most 10^15 credits, so 10^5 of them still fit one balance (a write that
 * would overflow the balance is refused as well); a price is at most 10^6 USD per unit_size units and unit_size
 * at least 1, so one unit costs at most 10^6 USD; a price multiplier is at most 1000.
 */
public final class MoneyBounds {

    /** Largest |amount| of one top-up or adjustment, in credits. */
    public static final BigDecimal WALLET_WRITE_MAX = new BigDecimal("1000000000000000");
    /** Largest direct charge, and largest single refund, in credits: a wallet write (also a check in V20). */
    public static final BigDecimal CHARGE_MAX = WALLET_WRITE_MAX;
    /** Largest low_balance_threshold, in credits. */
    public static final BigDecimal THRESHOLD_MAX = WALLET_WRITE_MAX;
    /** Largest price_multiplier of a customer. */
    public static final BigDecimal PRICE_MULTIPLIER_MAX = new BigDecimal("1000");
    /** Largest price_usd of a rate version (per unit_size units). */
    public static final BigDecimal PRICE_USD_MAX = new BigDecimal("1000000");
    /** Largest unit_size of a rate version. */
    public static final long UNIT_SIZE_MAX = 1_000_000_000_000L;

    private MoneyBounds() {
    }
}
