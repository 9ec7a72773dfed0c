package io.meterline.loadgen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class OpsOptionsTest {

    @Test
    void defaultsAreAProportionateStream() throws Exception {
        OpsOptions o = OpsOptions.parse(new String[] {"--credit-ops", "--customer", "a:ml_a", "--model",
                "openai:gpt-4o-mini", "--outcomes", "/tmp/ops.tsv"}, "token");
        assertEquals(20, o.rate());
        assertEquals(Duration.ofSeconds(20), o.duration());
        assertEquals(400, o.operations());
        assertEquals(Duration.ofSeconds(150), o.retryFor());
        assertEquals("token", o.adminToken());
        assertEquals(Path.of("/tmp/ops.tsv"), o.outcomes());
        assertNull(o.webhookId());
        assertNull(o.events());
        assertEquals(Duration.ZERO, o.expiringGrants());
        assertNull(o.autoTopUpGap());
        assertNull(o.plan());
    }

    @Test
    void theScheduledJobsOptionsAreRead() throws Exception {
        OpsOptions o = OpsOptions.parse(new String[] {"--customer", "a:ml_a", "--model", "m:x", "--outcomes", "o",
                "--expiring-grants", "4.5", "--auto-top-up", "5000", "--plan", "chaos"}, "t");
        assertEquals(Duration.ofMillis(4500), o.expiringGrants());
        assertEquals(new java.math.BigDecimal("5000"), o.autoTopUpGap());
        assertEquals("chaos", o.plan());
        assertThrows(IllegalArgumentException.class, () -> OpsOptions.parse(new String[] {"--customer", "a:ml_a",
                "--model", "m:x", "--outcomes", "o", "--auto-top-up", "0"}, "t"), "a gap must be positive");
    }

    @Test
    void optionsAreReadAndCheckedWhenWrong() throws Exception {
        OpsOptions o = OpsOptions.parse(new String[] {"--customer", "a:ml_a", "--customer", "b:ml_b", "--rate", "5",
                "--duration", "2.5", "--retry-for", "0", "--model", "m:x", "--webhook-endpoint", "w1", "--ids", "p-",
                "--admin-token", "t2", "--outcomes", "o.tsv", "--events", "e.tsv"}, null);
        assertEquals(13, o.operations());
        assertEquals(2, o.customers().size());
        assertEquals("w1", o.webhookId());
        assertEquals("p-", o.ids());
        assertEquals("t2", o.adminToken());
        assertEquals(Duration.ZERO, o.retryFor());
        String[] noToken = {"--customer", "a:ml_a", "--model", "m:x", "--outcomes", "o"};
        assertThrows(IllegalArgumentException.class, () -> OpsOptions.parse(noToken, null));
        assertThrows(IllegalArgumentException.class, () -> OpsOptions.parse(new String[] {"--customer", "a:ml_a",
                "--outcomes", "o"}, "t"), "a model is required");
        assertThrows(IllegalArgumentException.class, () -> OpsOptions.parse(new String[] {"--customer", "a:ml_a",
                "--model", "m:x"}, "t"), "an outcome file is required");
        assertThrows(IllegalArgumentException.class, () -> OpsOptions.parse(new String[] {"--customer", "a:ml_a",
                "--model", "m:x", "--outcomes", "o", "--events-per-s", "3"}, "t"));
    }
}
