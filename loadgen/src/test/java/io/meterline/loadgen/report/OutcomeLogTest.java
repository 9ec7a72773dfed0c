package io.meterline.loadgen.report;

import io.meterline.loadgen.client.Answer;
import io.meterline.loadgen.client.Refusals;
import io.meterline.loadgen.client.RetryingSender.Delivery;
import io.meterline.loadgen.generate.Batch;
import io.meterline.loadgen.generate.Customer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutcomeLogTest {

    private static final Batch BATCH = new Batch(new Customer("acme", "k"), 3, 0, new byte[0],
            List.of("e0", "e1", "e2"));

    @Test
    void eachEventGetsItsCode(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outcomes.tsv");
        try (OutcomeLog log = new OutcomeLog(file)) {
            log.write(new Delivery(BATCH, new Answer(202, new byte[0], -1),
                    new Refusals(Set.of(1), Set.of(2)), 1, true));
            log.write(new Delivery(BATCH, new Answer(503, new byte[0], 5), Refusals.NONE, 4, true));
            log.write(new Delivery(BATCH, new Answer(200, new byte[0], -1), Refusals.NONE, 2, false));
        }
        assertEquals(List.of("A\tacme\te0", "R\tacme\te1", "U\tacme\te2",
                "U\tacme\te0", "U\tacme\te1", "U\tacme\te2",
                "A\tacme\te0", "A\tacme\te1", "A\tacme\te2"), Files.readAllLines(file));
    }
}
