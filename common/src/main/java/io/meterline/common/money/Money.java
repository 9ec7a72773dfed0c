package io.meterline.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact money arithmetic shared by every service.
 *
 * <p>Invariants: amounts are {@link BigDecimal} from the wire to the NUMERIC columns, never a binary float;
 * nothing is rounded per event. The only rounding is a division whose result does not terminate
 * (a price per {@code unit_size} that is not a power of ten), which keeps {@link #SCALE} places, HALF_EVEN.
 * The database columns hold the same scale, so what is computed is what is stored.
 */
public final class Money {
    /** Decimal places kept by money columns ({@code NUMERIC(38,18)}) and by non-terminating divisions. */
    public static final int SCALE = 18;
    /** Money on the wire always shows at least this many decimal places: {@code "0.000123450000"}. */
    public static final int WIRE_MIN_SCALE = 12;

    private Money() {
    }

    /** count × price / unitSize, exact whenever the quotient terminates. */
    public static BigDecimal perUnit(long count, BigDecimal price, long unitSize) {
        if (count == 0) {
            return BigDecimal.ZERO;
        }
        return divide(price.multiply(BigDecimal.valueOf(count)), BigDecimal.valueOf(unitSize));
    }

    /** n if value = 10^n, else -1. */
    private static int powerOfTen(long value) {
        int decimals = 0;
        while (value > 1 && value % 10 == 0) {
            value /= 10;
            decimals++;
        }
        return value == 1 ? decimals : -1;
    }

    /** quantity × price / unitSize, exact whenever the quotient terminates. */
    public static BigDecimal perUnit(BigDecimal quantity, BigDecimal price, long unitSize) {
        return divide(price.multiply(quantity), BigDecimal.valueOf(unitSize));
    }

    static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        long unit = divisor.longValueExact();
        int decimals = powerOfTen(unit);
        if (decimals >= 0) {
            return dividend.movePointLeft(decimals); // exact, and no BigInteger division on the hot path
        }
        try {
            return dividend.divide(divisor);
        } catch (ArithmeticException nonTerminating) {
            return dividend.divide(divisor, SCALE, RoundingMode.HALF_EVEN);
        }
    }

    /** Plain decimal string with at least {@link #WIRE_MIN_SCALE} places and no digit dropped. */
    public static String toWire(BigDecimal amount) {
        // Trims zeros on the text: stripTrailingZeros() divides BigIntegers, which showed up in profiles.
        String plain = (amount.scale() < WIRE_MIN_SCALE ? amount.setScale(WIRE_MIN_SCALE) : amount).toPlainString();
        int minEnd = plain.indexOf('.') + 1 + WIRE_MIN_SCALE;
        int end = plain.length();
        while (end > minEnd && plain.charAt(end - 1) == '0') {
            end--;
        }
        return plain.substring(0, end);
    }

    /** Parses a plain or scientific decimal string; throws {@link NumberFormatException} when it is not one. */
    public static BigDecimal parse(String text) {
        return new BigDecimal(text.trim());
    }
}
