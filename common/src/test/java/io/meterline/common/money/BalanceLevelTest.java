package io.meterline.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BalanceLevelTest {

    @ParameterizedTest(name = "balance {0}, threshold {1}: {2}")
    @CsvSource({
        "100,            50, OK",
        "50.000000000001, 50, OK",
        "50,             50, LOW",        // on the threshold: low
        "50.000000000000, 50, LOW",       // scale does not matter
        "0.000000000001, 50, LOW",
        "0,              50, DEPLETED",   // on zero: depleted
        "-0.000001,      50, DEPLETED",
        "-100,           50, DEPLETED",
        "1,               0, OK",         // threshold 0: only the zero line
        "0,               0, DEPLETED",
        "-1,              0, DEPLETED",
    })
    void levelOfABalance(String balance, String threshold, BalanceLevel expected) {
        assertEquals(expected, BalanceLevel.of(new BigDecimal(balance), new BigDecimal(threshold)));
    }

    @ParameterizedTest(name = "{0} below {1}: {2}")
    @CsvSource({"LOW, OK, true", "DEPLETED, LOW, true", "DEPLETED, OK, true", "OK, OK, false", "OK, LOW, false",
        "LOW, DEPLETED, false"})
    void order(BalanceLevel level, BalanceLevel other, boolean below) {
        assertEquals(below, level.isBelow(other));
    }
}
