package io.meterline.loadgen.reserve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ReservationOptionsTest {

    @Test
    void defaultsAreTheBenchStep() throws Exception {
        ReservationOptions o = ReservationOptions.parse(new String[] {"--reservations", "--customer", "a:ml_a",
                "--customer", "b:ml_b", "--customer", "c:ml_c", "--customer", "d:ml_d"});
        assertEquals(2000, o.rate());
        assertEquals(Duration.ofSeconds(20), o.duration());
        assertEquals(40_000, o.holds());
        assertEquals(10_000, o.warmupHolds(), "5 s at the same rate first");
        assertEquals("1.5", o.estimate());
        assertTrue(o.closes(0));
        assertTrue(o.closes(1));
        assertFalse(o.closes(2), "half of the customers close their holds");
    }

    @Test
    void optionsAreReadAndCheckedWhenWrong() throws Exception {
        ReservationOptions o = ReservationOptions.parse(new String[] {"--customer", "a:ml_a", "--rate", "50",
                "--duration", "2.5", "--warmup", "0.5", "--closing-share", "1",
                "--estimate", "3", "--seed", "7", "--quiet"});
        assertEquals(125, o.holds());
        assertEquals(25, o.warmupHolds());
        assertTrue(o.closes(0));
        assertFalse(o.progress());
        assertEquals(7, o.seed());
        assertThrows(IllegalArgumentException.class, () -> ReservationOptions.parse(new String[] {"--rate", "10"}));
        assertThrows(IllegalArgumentException.class, () -> ReservationOptions.parse(new String[] {"--customer",
                "a:ml_a", "--closing-share", "2"}));
        assertThrows(IllegalArgumentException.class, () -> ReservationOptions.parse(new String[] {"--customer",
                "a:ml_a", "--warmup", "-1"}));
        assertThrows(IllegalArgumentException.class, () -> ReservationOptions.parse(new String[] {"--customer",
                "a:ml_a", "--events", "10"}));
    }
}
