package io.meterline.loadgen.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class HostileOptionsTest {

    @Test
    void parsesTheRunAndRefusesWhatCannotWork() {
        HostileOptions o = HostileOptions.parse(new String[] { "--hostile", "--url", "http://127.0.0.1:26080",
                "--events", "50", "--seed", "7", "--prefix", "e2e-1", "--wait", "5", "--rerated", "r.tsv" }, "tok");
        assertEquals("http://127.0.0.1:26080", o.url().toString());
        assertEquals(50, o.events());
        assertEquals(7, o.seed());
        assertEquals(3, o.customers());
        assertEquals(Duration.ofSeconds(5), o.patience());
        assertEquals(Path.of("r.tsv"), o.rerated());
        assertEquals("tok", o.adminToken());
        String[][] bad = { { "--events", "0" }, { "--prefix", "Upper" }, { "--customers", "1" }, { "--nope", "1" },
                { "--events" }, { "--seed", "x" } };
        for (String[] args : bad) {
            assertThrows(IllegalArgumentException.class, () -> HostileOptions.parse(args, "tok"), String.join(" ", args));
        }
        assertThrows(IllegalArgumentException.class, () -> HostileOptions.parse(new String[0], null));
    }
}
