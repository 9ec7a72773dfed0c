package io.meterline.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.JsonCustomizer;

class MoneyTest {

    @ParameterizedTest(name = "{0} x {1} / {2} = {3}")
    @CsvSource({
            "1000000, 2.50, 1000000, 2.50",
            "1234, 2.50, 1000000, 0.003085",
            "1, 0.075, 1000000, 0.000000075",
            "0, 15, 1000000, 0",
            "3, 1, 3, 1",
            "1, 1, 3, 0.333333333333333333",
            "2, 1, 3, 0.666666666666666667",
            "5, 0.002, 1000, 0.00001",
            "7, 1.5, 1, 10.5",
            "3, 2, 7, 0.857142857142857143",
    })
    void perUnitIsExactOrKeepsEighteenPlaces(long count, String price, long unit, String expected) {
        BigDecimal result = Money.perUnit(count, new BigDecimal(price), unit);
        assertEquals(0, new BigDecimal(expected).compareTo(result), () -> "got " + result);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0, 0.000000000000",
            "0.00012345, 0.000123450000",
            "12.5, 12.500000000000",
            "1E+3, 1000.000000000000",
            "0.000000000000000001, 0.000000000000000001",
            "-3.25, -3.250000000000",
            "0.352500000000000000, 0.352500000000",
            "100.000000000000000000, 100.000000000000",
            "0.123456789012345678, 0.123456789012345678",
    })
    void wireFormatIsPlainWithAtLeastTwelvePlaces(String amount, String wire) {
        assertEquals(wire, Money.toWire(new BigDecimal(amount)));
    }

    record Priced(BigDecimal cost) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"cost\":\"0.1\"}|0.1",
            "{\"cost\":0.1}|0.1",
            "{\"cost\":123456789.123456789123456789}|123456789.123456789123456789",
    })
    void jsonReadsStringsAndNumbersExactly(String json, String expected) throws Exception {
        ObjectMapper mapper = JsonCustomizer.apply(new ObjectMapper());
        Priced priced = mapper.readValue(json, Priced.class);
        assertEquals(new BigDecimal(expected), priced.cost());
        assertEquals("{\"cost\":\"" + Money.toWire(new BigDecimal(expected)) + "\"}", mapper.writeValueAsString(priced));
    }
}
