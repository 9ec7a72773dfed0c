package io.meterline.loadgen.config;

import io.meterline.loadgen.generate.Customer;
import io.meterline.loadgen.generate.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsParserTest {

    @Test
    void defaultsAsFastAsPossibleWithHundredThousandEvents() throws Exception {
        Options options = OptionsParser.parse(new String[] {"--customer", "acme:ml_key"});
        assertEquals("http://127.0.0.1:8080", options.url().toString());
        assertEquals(List.of(new Customer("acme", "ml_key")), options.customers());
        assertEquals(1000, options.batchSize());
        assertFalse(options.fixedRate());
        assertEquals(4, options.concurrency());
        assertEquals(100_000, options.events());
        assertNull(options.duration());
        assertEquals(ModelSpec.DEFAULTS, options.models());
        assertTrue(options.progress());
        assertEquals(50, options.primeRounds());
    }

    @Test
    void primeRoundsCanBeCutOrRefused() throws Exception {
        assertEquals(2, OptionsParser.parse(new String[] {"--customer", "a:k", "--prime-rounds", "2"}).primeRounds());
        assertEquals(0, OptionsParser.parse(new String[] {"--customer", "a:k", "--prime-rounds=0"}).primeRounds());
        assertThrows(IllegalArgumentException.class,
                () -> OptionsParser.parse(new String[] {"--customer", "a:k", "--prime-rounds", "-1"}));
    }

    @Test
    void fixedRateForADurationFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("customers.txt"), "a ml_1\nb ml_2\n");
        Options options = OptionsParser.parse(new String[] {"--customers-file", file.toString(), "--rate=20000",
                "--duration", "2.5", "--duplicates", "0.05", "--quiet", "--url", "http://127.0.0.1:8090"});
        assertEquals(2, options.customers().size());
        assertTrue(options.fixedRate());
        assertEquals(64, options.concurrency(), "fixed rate allows more in flight by default");
        assertEquals(Duration.ofMillis(2500), options.duration());
        assertEquals(0, options.events(), "a duration alone sets no event limit");
        assertEquals(0.05, options.duplicateShare());
        assertFalse(options.progress());
    }

    @Test
    void pregenerateKnowsHowManyBatchesTheRunSends() throws Exception {
        Options byEvents = OptionsParser.parse(new String[] {"--customer", "a:k", "--events", "2500", "--pregenerate"});
        assertTrue(byEvents.pregenerate());
        assertEquals(3, byEvents.batchCount(), "two full batches and one of 500");
        assertEquals(500, byEvents.batchSize(2));

        Options byRate = OptionsParser.parse(new String[] {"--customer", "a:k", "--rate", "20000", "--duration", "20",
                "--pregenerate"});
        assertEquals(400, byRate.batchCount(), "one batch due every 50 ms for 20 s");
        Options both = OptionsParser.parse(new String[] {"--customer", "a:k", "--rate", "20000", "--duration", "20",
                "--events", "10000"});
        assertEquals(10, both.batchCount(), "whichever ends the run first");
        assertFalse(both.pregenerate());
    }

    @Test
    void pregenerateRefusesUnboundedOrHugeRuns() {
        IllegalArgumentException unbounded = assertThrows(IllegalArgumentException.class, () -> OptionsParser.parse(
                new String[] {"--customer", "a:k", "--duration", "10", "--pregenerate"}));
        assertTrue(unbounded.getMessage().contains("--pregenerate"));
        assertThrows(IllegalArgumentException.class, () -> OptionsParser.parse(
                new String[] {"--customer", "a:k", "--events", "5000001", "--pregenerate"}));
    }

    @Test
    void warmupIsAQuietAsFastAsPossibleRunWithAnotherSeed() throws Exception {
        Options options = OptionsParser.parse(new String[] {"--customer", "a:k", "--rate", "20000", "--duration", "10",
                "--warmup-events", "20000", "--seed", "5"});
        Options warmup = options.warmup();
        assertFalse(warmup.fixedRate());
        assertEquals(20_000, warmup.events());
        assertNull(warmup.duration());
        assertFalse(warmup.progress());
        assertEquals(0, warmup.warmupEvents());
        assertTrue(warmup.seed() != options.seed(), "warm-up event ids never collide with the measured run's");
    }

    @Test
    void lastBatchIsCutToTheEventBudget() throws Exception {
        Options options = OptionsParser.parse(new String[] {"--customer", "a:k", "--events", "2500"});
        assertEquals(1000, options.batchSize(0));
        assertEquals(1000, options.batchSize(1));
        assertEquals(500, options.batchSize(2));
        assertEquals(0, options.batchSize(3));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> OptionsParser.parse(new String[] {}));
        assertThrows(IllegalArgumentException.class,
                () -> OptionsParser.parse(new String[] {"--customer", "a:k", "--nope", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> OptionsParser.parse(new String[] {"--customer", "a:k", "--duplicates", "1"}));
        assertThrows(IllegalArgumentException.class, () -> OptionsParser.parse(new String[] {"--customer"}));
        assertThrows(IllegalArgumentException.class,
                () -> OptionsParser.parse(new String[] {"--customer", "a:k", "--events", "0"}));
    }
}
