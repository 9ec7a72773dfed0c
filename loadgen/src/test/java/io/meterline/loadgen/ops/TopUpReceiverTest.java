package io.meterline.loadgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopUpReceiverTest {

    private static byte[] view(String balance, String held, String autoTopUp) {
        return ("{\"id\":\"c1\",\"wallet\":{\"customer_id\":\"c1\",\"balance\":\"" + balance + "\",\"held\":\"" + held
                + "\"" + (autoTopUp == null ? "" : ",\"auto_top_up\":" + autoTopUp) + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void settingsPutTheThresholdGapBelowTheBalanceAndTheTargetOnIt() {
        assertEquals("{\"auto_top_up\":{\"threshold\":\"999995000.000000000000\",\"target\":\"1000000000.000000000000\"}}",
                TopUpReceiver.settings(view("1000000000.000000000000", "0", null), new BigDecimal("5000")));
    }

    /** The grant that answers a pending request: target - available, at least one credit; armed: none. */
    @ParameterizedTest(name = "balance {0}, held {1}, pending {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "999994000.5 | 0   | 'tur_1' | 5999.5",
            "999994000   | 100 | 'tur_2' | 6100",
            "1000000200  | 0   | 'tur_3' | 1",
            "999994000   | 0   | null    | ''"})
    void aPendingRequestIsAnsweredUpToTheTarget(String balance, String held, String pending, String grant) {
        String id = "null".equals(pending) ? "null" : "\"" + pending + "\"";
        Optional<TopUpReceiver.Pending> p = TopUpReceiver.pending(view(balance, held,
                "{\"threshold\":\"999995000\",\"target\":\"1000000000\",\"pending_request_id\":" + id + "}"));
        if (grant.isEmpty()) {
            assertTrue(p.isEmpty());
        } else {
            assertEquals(pending, p.orElseThrow().requestId());
            assertEquals(grant, p.get().amount().toPlainString());
        }
    }

    @Test
    void aWalletWithoutAutoTopUpHasNothingPending() {
        assertTrue(TopUpReceiver.pending(view("10", "0", null)).isEmpty());
    }

    @Test
    void everyOtherCustomerHasAutoTopUp() {
        assertTrue(TopUpReceiver.covers(0));
        assertFalse(TopUpReceiver.covers(1));
        assertTrue(TopUpReceiver.covers(10));
    }
}
