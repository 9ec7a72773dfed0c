package io.meterline.aggregation;

import static io.meterline.aggregation.UsageRows.ADMIN;
import static io.meterline.aggregation.UsageRows.insert;
import static io.meterline.aggregation.UsageRows.insertBurned;
import static io.meterline.aggregation.UsageRows.rollups;
import static io.meterline.aggregation.UsageRows.runJob;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Rollups neither overflow on huge token counts nor let one customer's bad bucket stop anyone else's. The good
 * customer's rows are billed as the cost worker bills them and audited; the bad customer's are poison no pricer can
 * write (a cost past what one event may cost), unburned, and deleted after each test.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RollupIsolationTest {

    private static final OffsetDateTime HOUR = OffsetDateTime.of(2026, 4, 2, 9, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime DAY = HOUR.withHour(0);
    private static final long MAX_BIGINT = Long.MAX_VALUE;
    /** Fits NUMERIC(38,18) (20 integer digits); two of them in one bucket do not. */
    private static final String HUGE_COST = "90000000000000000000";

    @Inject
    Pool pool;

    String bad;
    String good;

    @BeforeEach
    void customers() {
        String run = UUID.randomUUID().toString();
        bad = "agg-bad-" + run;
        good = "agg-good-" + run;
        UsageRows.customer(pool, good, "UTC");
    }

    /** A bucket left failing would turn every later job of every test PARTIAL. */
    @AfterEach
    void removeThePoison() {
        pool.preparedQuery("DELETE FROM usage_events WHERE customer_id = $1").execute(Tuple.of(bad)).await().indefinitely();
        pool.preparedQuery("DELETE FROM aggregation_failed_buckets WHERE customer_id = $1").execute(Tuple.of(bad))
                .await().indefinitely();
    }

    @Test
    void tokenSumsPastTheBigintRangeRollUpExactly() {
        insertBurned(pool, good, HOUR.plusMinutes(1), MAX_BIGINT, "1");
        insertBurned(pool, good, HOUR.plusMinutes(2), MAX_BIGINT, "2");

        runJob("{}", "SUCCEEDED");

        assertEquals(List.of(
                "DAILY " + DAY + " 2 18446744073709551614 3.000000000000000000",
                "HOURLY " + HOUR + " 2 18446744073709551614 3.000000000000000000"), rollups(pool, good));
        Audit.assertClean(good);
    }

    @Test
    void anOverflowingBucketIsReportedAndRetriedWhileTheOthersRollUp() {
        String second = insert(pool, bad, HOUR.plusMinutes(1), 100, HUGE_COST);
        insert(pool, bad, HOUR.plusMinutes(2), 100, HUGE_COST);
        insertBurned(pool, good, HOUR.plusMinutes(3), 100, "1.5");

        String first = runJob("{}", "PARTIAL");
        given().header("Authorization", ADMIN).get("/v1/aggregation/jobs/" + first).then().statusCode(200)
                .body("failed_buckets", greaterThanOrEqualTo(1))
                .body("failures.find { it.customer_id == '" + bad + "' }.period", equalTo("HOURLY"))
                .body("failures.find { it.customer_id == '" + bad + "' }.period_start", equalTo("2026-04-02T09:00:00Z"))
                .body("failures.find { it.customer_id == '" + bad + "' }.sql_state", equalTo("22003"))
                .body("failures.find { it.customer_id == '" + bad + "' }.attempts", equalTo(1));
        assertEquals(List.of(
                "DAILY " + DAY + " 1 100 1.500000000000000000",
                "HOURLY " + HOUR + " 1 100 1.500000000000000000"), rollups(pool, good), "the other customer is rolled up");
        assertEquals(List.of(), rollups(pool, bad));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("meterline_aggregation_failed_buckets_total{period=\"HOURLY\"}"))
                .body(containsString("meterline_aggregation_failing_buckets"));

        // a later run retries the listed bucket even when its window (a backfill of another day) does not cover it
        String again = runJob("{\"from\": \"2001-01-01T00:00:00Z\", \"to\": \"2001-01-02T00:00:00Z\"}", "PARTIAL");
        given().header("Authorization", ADMIN).get("/v1/aggregation/jobs/" + again).then().statusCode(200)
                .body("failures.customer_id", hasItem(bad))
                .body("failures.find { it.customer_id == '" + bad + "' }.attempts", equalTo(2));

        // once the data is fixed, the next run rolls the bucket up and takes it off the list
        pool.preparedQuery("UPDATE usage_events SET cost_usd = 1 WHERE customer_id = $1 AND dedup_key = $2")
                .execute(Tuple.of(bad, second)).await().indefinitely();
        runJob("{\"from\": \"2001-01-01T00:00:00Z\", \"to\": \"2001-01-02T00:00:00Z\"}", "SUCCEEDED");
        assertEquals(List.of(
                "DAILY " + DAY + " 2 200 90000000000000000001.000000000000000000",
                "HOURLY " + HOUR + " 2 200 90000000000000000001.000000000000000000"), rollups(pool, bad));
        assertEquals(0L, pool.preparedQuery("SELECT count(*) AS n FROM aggregation_failed_buckets WHERE customer_id = $1")
                .execute(Tuple.of(bad)).await().indefinitely().iterator().next().getLong("n"));
        Audit.assertClean(good);
    }

    @Test
    void anOverflowingDayIsReportedWhileItsHoursRollUp() {
        insert(pool, bad, HOUR.plusMinutes(1), 100, HUGE_COST);
        insert(pool, bad, HOUR.plusHours(1), 100, HUGE_COST);
        insertBurned(pool, good, HOUR.plusMinutes(3), 100, "2");

        String job = runJob("{}", "PARTIAL");

        given().header("Authorization", ADMIN).get("/v1/aggregation/jobs/" + job).then().statusCode(200)
                .body("failures.find { it.customer_id == '" + bad + "' }.period", equalTo("DAILY"))
                .body("failures.find { it.customer_id == '" + bad + "' }.period_start", equalTo("2026-04-02T00:00:00Z"));
        assertEquals(List.of(
                "HOURLY " + HOUR + " 1 100 " + HUGE_COST + ".000000000000000000",
                "HOURLY " + HOUR.plusHours(1) + " 1 100 " + HUGE_COST + ".000000000000000000"), rollups(pool, bad));
        assertEquals(List.of(
                "DAILY " + DAY + " 1 100 2.000000000000000000",
                "HOURLY " + HOUR + " 1 100 2.000000000000000000"), rollups(pool, good));
        Audit.assertClean(good);
    }
}
