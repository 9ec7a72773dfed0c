package io.meterline.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.aggregation.repository.JobRepository.JobRow;
import io.meterline.aggregation.service.AggregationService;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * An incremental run recomputes exactly the (customer, hour) buckets that got or changed rows since the previous
 * run (counted in the job's hours_recomputed), then their days; a run with nothing new recomputes nothing; a time
 * zone change rebuilds the customer's days in the new zone.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class IncrementalRollupTest {

    @Inject
    Pool pool;

    @Inject
    AggregationService aggregation;

    @Test
    void aRunRecomputesOnlyTheHoursThatChanged() {
        run(); // takes whatever earlier tests left dirty
        String customer = "incr-" + UUID.randomUUID();
        UsageRows.customer(pool, customer, "UTC");
        OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(5);
        UsageRows.insertBurned(pool, customer, hour.plusMinutes(1), 100, "0.1");
        UsageRows.insertBurned(pool, customer, hour.plusMinutes(2), 100, "0.1");
        UsageRows.insertBurned(pool, customer, hour.plusHours(1), 100, "0.1");
        String rerated = UsageRows.insertBurned(pool, customer, hour.minusDays(3), 100, "0.1");

        JobRow first = run();
        assertEquals(3, first.hoursRecomputed(), "three hours got rows");
        List<String> after = UsageRows.rollups(pool, customer);

        JobRow idle = run();
        assertEquals(0, idle.hoursRecomputed(), "nothing new, nothing recomputed");
        assertEquals(0, idle.rowsWritten());
        assertEquals(after, UsageRows.rollups(pool, customer));

        UsageRows.insertBurned(pool, customer, hour.minusDays(10).plusMinutes(5), 50, "0.5"); // a late event
        exec("UPDATE usage_events SET cost_usd = 0.3 WHERE customer_id = $1 AND dedup_key = $2",
                Tuple.of(customer, rerated)); // a re-rating
        JobRow late = run();
        assertEquals(2, late.hoursRecomputed(), "the late event's hour and the re-rated event's hour");
        assertEquals(2 + 2, late.rowsWritten(), "each hour's one row and its day's one row");
        assertNotEquals(after, UsageRows.rollups(pool, customer));
        Audit.assertClean(customer);
    }

    @Test
    void aNewTimeZoneRebuildsTheDaysInIt() {
        run();
        String customer = "rezone-" + UUID.randomUUID();
        UsageRows.customer(pool, customer, "UTC");
        OffsetDateTime day = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).minusDays(4);
        UsageRows.insertBurned(pool, customer, day.plusHours(23).plusMinutes(30), 100, "1"); // the next day in Berlin (+1 or +2)
        UsageRows.insertBurned(pool, customer, day.plusHours(10), 100, "1");
        run();
        assertEquals(List.of(day.toString()), dailyStarts(customer));

        exec("UPDATE customers SET time_zone = 'Europe/Berlin' WHERE id = $1", Tuple.of(customer));
        JobRow rezoned = run();
        assertEquals(0, rezoned.hoursRecomputed(), "hours do not depend on the zone");
        List<String> starts = dailyStarts(customer);
        assertEquals(2, starts.size(), "23:30 UTC is the next day in Berlin: " + starts);
        starts.forEach(start -> assertEquals(0, OffsetDateTime.parse(start).atZoneSameInstant(
                ZoneId.of("Europe/Berlin")).toLocalTime().toSecondOfDay(), start + " is a Berlin midnight"));
        Audit.assertClean(customer);

        // to a +5:30 zone: the days are rebuilt from the raw rows, at Kolkata midnights (18:30 UTC)
        exec("UPDATE customers SET time_zone = 'Asia/Kolkata' WHERE id = $1", Tuple.of(customer));
        run();
        List<String> kolkata = UsageRows.rollups(pool, customer).stream().filter(line -> line.startsWith("DAILY"))
                .toList();
        assertEquals(List.of("DAILY " + day.minusHours(5).minusMinutes(30) + " 1 100",
                "DAILY " + day.plusHours(18).plusMinutes(30) + " 1 100"),
                kolkata.stream().map(line -> String.join(" ", List.of(line.split(" ")).subList(0, 4))).toList(),
                "10:00 UTC is 15:30 on the first Kolkata day, 23:30 UTC 05:00 on the next");
        Audit.assertClean(customer);
    }

    private List<String> dailyStarts(String customer) {
        return UsageRows.rollups(pool, customer).stream().filter(line -> line.startsWith("DAILY"))
                .map(line -> line.split(" ")[1]).toList();
    }

    private JobRow run() {
        return aggregation.submitAndRun("MANUAL").await().indefinitely();
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
