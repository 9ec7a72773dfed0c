package io.meterline.loadgen.report;

import io.meterline.loadgen.client.IngestOutcome;
import io.meterline.loadgen.generate.Batch;
import io.meterline.loadgen.generate.Customer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {

    private static final Customer ACME = new Customer("acme", "ml_key");

    @Test
    void percentilesOfOneToHundredMilliseconds() {
        Histogram histogram = new Histogram(Stats.MAX_MICROS, 3);
        for (int ms = 1; ms <= 100; ms++) {
            histogram.recordValue(ms * 1000L);
        }
        Summary summary = Summary.of("max", Counts.ZERO, histogram, TimeUnit.SECONDS.toNanos(1), 0, 1000, Map.of(), 0);

        // HdrHistogram keeps 3 significant digits: each figure is within 0.1% of the exact one.
        assertEquals(50.0, summary.p50Ms(), 0.05);
        assertEquals(95.0, summary.p95Ms(), 0.1);
        assertEquals(99.0, summary.p99Ms(), 0.1);
        assertEquals(100.0, summary.maxMs(), 0.1);
    }

    @Test
    void ratesArePerSecondOfWallTime() {
        Counts counts = new Counts(250, 250_000, 2_500, 247_000, 2_500, 500, 0, 0, 0, 250_000 * 350L);
        Summary summary = Summary.of("max", counts, new Histogram(3), TimeUnit.MILLISECONDS.toNanos(2500), 0, 0,
                Map.of(), 0);
        assertEquals(100_000, summary.sentPerSecond(), 1e-6);
        assertEquals(98_800, summary.acceptedPerSecond(), 1e-6);
        assertEquals(350, counts.avgEventBytes());
    }

    @Test
    void statsCountEveryOutcomeAndTheResultLineCarriesThem() {
        Stats stats = new Stats();
        Batch batch = new Batch(ACME, 1000, 10, new byte[400_000]);
        stats.record(batch, new IngestOutcome(202, 985, 10, 5, 0), TimeUnit.MILLISECONDS.toNanos(8));
        stats.record(batch, new IngestOutcome(202, 990, 10, 0, 0), TimeUnit.MILLISECONDS.toNanos(12));
        stats.record(batch, new IngestOutcome(503, 0, 0, 0, 1000), TimeUnit.MILLISECONDS.toNanos(30));
        stats.record(batch, IngestOutcome.ioError(1000), TimeUnit.SECONDS.toNanos(30));

        Summary summary = Summary.of("max", stats.counts(), stats.total(), TimeUnit.SECONDS.toNanos(2), 1_000, 3_000,
                stats.statuses(), 0);
        Map<String, String> result = parseResultLine(summary.toResultLine());

        assertEquals("4", result.get("batches"));
        assertEquals("4000", result.get("sent"));
        assertEquals("40", result.get("resent"));
        assertEquals("1975", result.get("accepted"));
        assertEquals("20", result.get("duplicates"));
        assertEquals("5", result.get("rejected"));
        assertEquals("2000", result.get("failed"));
        assertEquals("1", result.get("http_errors"));
        assertEquals("1", result.get("io_errors"));
        assertEquals("988", result.get("accepted_eps"));
        assertEquals("400", result.get("avg_event_bytes"));
        assertEquals("1000", result.get("start_epoch_ms"));
        assertTrue(Long.parseLong(result.get("cpu_ms")) > 0, "this JVM has used CPU: " + result.get("cpu_ms"));
        assertEquals(30_000, Double.parseDouble(result.get("max_ms")), 30);
        assertEquals(Map.of(-1, 1L, 202, 2L, 503, 1L), stats.statuses());
        assertTrue(summary.toText().contains("503x1"), summary.toText());
    }

    @Test
    void totalKeepsEveryIntervalSoFar() {
        Stats stats = new Stats();
        Batch batch = new Batch(ACME, 1, 0, new byte[1]);
        stats.record(batch, new IngestOutcome(202, 1, 0, 0, 0), TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(1, stats.interval().getTotalCount());
        stats.record(batch, new IngestOutcome(202, 1, 0, 0, 0), TimeUnit.MILLISECONDS.toNanos(2));
        assertEquals(1, stats.interval().getTotalCount(), "an interval holds only its own values");
        assertEquals(2, stats.total().getTotalCount());
    }

    @Test
    void emptyRunHasZeroLatencies() {
        Summary summary = Summary.of("max", Counts.ZERO, new Histogram(3), 0, 0, 0, Map.of(), 0);
        assertEquals(0, summary.p99Ms());
        assertEquals(0, summary.acceptedPerSecond());
    }

    static Map<String, String> parseResultLine(String line) {
        assertTrue(line.startsWith("RESULT "), line);
        Map<String, String> values = new HashMap<>();
        Arrays.stream(line.substring(7).split(" ")).map(kv -> kv.split("=", 2))
                .forEach(kv -> values.put(kv[0], kv[1]));
        assertEquals(values.size(), Arrays.stream(line.substring(7).split(" ")).collect(Collectors.toSet()).size());
        return values;
    }
}
