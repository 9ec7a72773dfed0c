package io.meterline.cost.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.common.event.WalletAlertV1;

class AlertsTest {

    /** An alert is a change of BalanceLevel for the worse: on a line counts as below it, as in the wallet status. */
    @ParameterizedTest(name = "{0} -> {1} (threshold {2}): {3}")
    @CsvSource({
        "100, 60, 50, ''",
        "100, 50, 50, LOW_BALANCE",                     // reaching the threshold is LOW, as the wallet status says
        "100, 49.999, 50, LOW_BALANCE",
        "50.001, 50, 50, LOW_BALANCE",
        "50, 40, 50, ''",                               // starting on the line: already LOW, no second alert
        "40, 30, 50, ''",                               // already below: no second alert
        "100, -1, 50, LOW_BALANCE NEGATIVE_BALANCE",    // one burn crossing both lines
        "100, 0, 50, LOW_BALANCE NEGATIVE_BALANCE",     // zero is DEPLETED
        "10, -5, 50, NEGATIVE_BALANCE",
        "10, 0, 50, NEGATIVE_BALANCE",
        "1, 0, 0, NEGATIVE_BALANCE",                    // threshold 0: only the zero line
        "0, -5, 0, ''",                                 // already DEPLETED at zero
        "0, -5, 50, ''",
        "-5, -10, 50, ''",
    })
    void alertsOncePerCrossing(String before, String after, String threshold, String expected) {
        List<WalletAlertV1> alerts = Alerts.crossings("c1", 42, new BigDecimal(before), new BigDecimal(after),
                new BigDecimal(threshold), Instant.EPOCH);
        assertEquals(expected, String.join(" ", alerts.stream().map(WalletAlertV1::type).toList()));
        alerts.forEach(a -> assertEquals("42:" + a.type(), a.alertId()));
    }
}
