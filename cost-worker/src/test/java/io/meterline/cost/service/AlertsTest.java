package io.meterline.cost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.common.event.WalletAlertV1;

class AlertsTest {

    @ParameterizedTest(name = "{0} -> {1} (threshold {2}): {3}")
    @CsvSource({
        "100, 60, 50, ''",
        "100, 50, 50, ''",                              // reaching the threshold is not below it
        "100, 49.999, 50, LOW_BALANCE",
        "50, 40, 50, LOW_BALANCE",                      // starting exactly on the line
        "40, 30, 50, ''",                               // already below: no second alert
        "100, -1, 50, LOW_BALANCE NEGATIVE_BALANCE",    // one burn crossing both lines
        "10, -5, 50, NEGATIVE_BALANCE",
        "0, -5, 0, NEGATIVE_BALANCE",                   // threshold 0: only the zero line
        "-5, -10, 50, ''",
    })
    void alertsOncePerCrossing(String before, String after, String threshold, String expected) {
        List<WalletAlertV1> alerts = Alerts.crossings("c1", 42, new BigDecimal(before), new BigDecimal(after),
                new BigDecimal(threshold), Instant.EPOCH);
        assertEquals(expected, String.join(" ", alerts.stream().map(WalletAlertV1::type).toList()));
        alerts.forEach(a -> assertEquals("42:" + a.type(), a.alertId()));
    }
}
