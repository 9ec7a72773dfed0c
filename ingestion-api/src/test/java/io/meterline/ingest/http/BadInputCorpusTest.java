package io.meterline.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.hostile.HostileRunner;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The bad-input corpus of issue 15 ({@code scripts/chaos.sh --inputs} sends the same one to a running deployment):
 * every request answered with its documented 4xx in the one error shape, none with a 5xx, and nothing changed.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class BadInputCorpusTest {

    @Test
    void everyHostileRequestGetsItsDocumented4xxAndChangesNothing() throws IOException {
        HostileRunner.Report report = new HostileRunner(RestAssured.port, "test-admin-token").run();

        assertTrue(report.results().size() >= 200, "the corpus holds at least 200 requests");
        assertEquals("", report.failures().stream().map(f -> f.hostile() + ": " + f.problem() + "\n")
                .collect(Collectors.joining()), "cases not answered as documented");
        assertEquals("", String.join("\n", report.changed()), "what moved in the books");
        assertTrue(report.byStatus().keySet().stream().allMatch(s -> s >= 400 && s < 500), report.byStatus()::toString);
        Audit.assertClean(report.ids().customer());
        Audit.assertClean(report.ids().other());
    }
}
