package io.meterline.aggregation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AggregationJobTest {

    private static final String ADMIN = "Bearer test-admin-token";
    private static final OffsetDateTime DAY = OffsetDateTime.of(2026, 3, 14, 0, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    Pool pool;

    String customer;

    /** A customer with a wallet, so the usage rows below are burned through the ledger as the cost worker would. */
    @BeforeEach
    void newCustomer() {
        customer = "agg-" + UUID.randomUUID();
        exec("INSERT INTO customers (id, name) VALUES ($1, $1)", Tuple.of(customer));
        exec("INSERT INTO wallets (customer_id) VALUES ($1)", Tuple.of(customer));
    }

    @Test
    void rollsUpHoursAndDaysExactlyAndIdempotently() {
        insert(DAY.plusHours(9).plusMinutes(5), "chat", "PRICED", "0.000123450000000001", "0.123450000000000001");
        insert(DAY.plusHours(9).plusMinutes(50), "chat", "PRICED", "0.000000000000000002", "0.000000000000000002");
        insert(DAY.plusHours(13), "chat", "PRICED", "1.5", "1500");
        insert(DAY.plusHours(13).plusMinutes(1), "search", "UNPRICED", null, null);

        runJob(Map.of());

        assertEquals(List.of(
                "HOURLY " + DAY.plusHours(9) + " chat 2 0 0.000123450000000003 0.123450000000000003",
                "HOURLY " + DAY.plusHours(13) + " chat 1 0 1.500000000000000000 1500.000000000000000000",
                "HOURLY " + DAY.plusHours(13) + " search 1 1 0.000000000000000000 0.000000000000000000",
                "DAILY " + DAY + " chat 3 0 1.500123450000000003 1500.123450000000000003",
                "DAILY " + DAY + " search 1 1 0.000000000000000000 0.000000000000000000"), rollups());

        List<String> before = rollups();
        runJob(Map.of());
        assertEquals(before, rollups(), "a second run writes the same rows");
        Audit.assertClean(customer);
    }

    @Test
    void lateAndRepricedEventsUpdateTheirPeriods() {
        insert(DAY.plusHours(2), "chat", "PRICED", "2", "2000");
        String unpriced = insert(DAY.plusHours(2).plusMinutes(30), "chat", "UNPRICED", null, null);
        runJob(Map.of());

        // an event from that morning arrives late, and the unpriced one is re-priced after a rate was added
        insert(DAY.plusHours(2).plusMinutes(59), "chat", "PRICED", "0.25", "250");
        exec("""
                WITH burn AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['BURN'], ARRAY[-1000::numeric],
                                                         ARRAY['burn:' || $2::text], ARRAY['reprice'], ARRAY[1],
                                                         ARRAY[NULL::bigint]))
                UPDATE usage_events SET status = 'PRICED', cost_usd = 1, credits = 1000, priced_at = clock_timestamp(),
                    ledger_tx_id = (SELECT id FROM burn)
                WHERE customer_id = $1 AND dedup_key = $2""", Tuple.of(customer, unpriced));
        runJob(Map.of());

        assertEquals(List.of(
                "HOURLY " + DAY.plusHours(2) + " chat 3 0 3.250000000000000000 3250.000000000000000000",
                "DAILY " + DAY + " chat 3 0 3.250000000000000000 3250.000000000000000000"), rollups());
        Audit.assertClean(customer);
    }

    @Test
    void reRatedEventsUpdateTheirPeriods() {
        String event = insert(DAY.plusHours(5), "chat", "PRICED", "2", "2000");
        insert(DAY.plusHours(6), "chat", "PRICED", "1", "1000");
        runJob(Map.of());

        // a re-rating job prices the first event again at 3 USD, as the cost worker writes it (RerateRepository,
        // RerateSettlement): first price kept, priced_at moved, one item, one RERATE row for the wallet
        UUID job = UUID.randomUUID();
        exec("""
                INSERT INTO rerate_jobs (id, status, scope_provider, scope_model, scope_from, scope_until, scanned_at,
                                         finished_at)
                VALUES ($1, 'SUCCEEDED', ARRAY['test'], ARRAY['model-x'], ARRAY[$2::timestamptz],
                        ARRAY[NULL::timestamptz], now(), now())""", Tuple.of(job, DAY));
        exec("""
                WITH old AS (SELECT * FROM usage_events WHERE customer_id = $1 AND dedup_key = $2),
                changed AS (
                    UPDATE usage_events u SET original_cost_usd = u.cost_usd, original_credits = u.credits,
                        original_rate_ids = u.rate_ids, cost_usd = 3, credits = 3000, rerated_by = $3,
                        priced_at = clock_timestamp()
                    WHERE customer_id = $1 AND dedup_key = $2 RETURNING u.*),
                posted AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['RERATE'], ARRAY[-1000::numeric],
                                                     ARRAY['rerate:' || $3::text || ':' || $1], ARRAY['re-rating'],
                                                     ARRAY[1], ARRAY[NULL::bigint]))
                INSERT INTO rerate_items (job_id, customer_id, dedup_key, event_id, old_cost_usd, new_cost_usd,
                                          old_credits, new_credits, new_rate_ids, ledger_tx_id, published)
                SELECT $3, c.customer_id, c.dedup_key, c.event_id, o.cost_usd, c.cost_usd, o.credits, c.credits, '{}',
                       (SELECT id FROM posted), TRUE
                FROM changed c JOIN old o ON o.dedup_key = c.dedup_key""", Tuple.of(customer, event, job));
        runJob(Map.of());

        assertEquals(List.of(
                "HOURLY " + DAY.plusHours(5) + " chat 1 0 3.000000000000000000 3000.000000000000000000",
                "HOURLY " + DAY.plusHours(6) + " chat 1 0 1.000000000000000000 1000.000000000000000000",
                "DAILY " + DAY + " chat 2 0 4.000000000000000000 4000.000000000000000000"), rollups());
        Audit.assertClean(customer);
    }

    @Test
    void backfillRebuildsAnEventTimeRange() {
        insert(DAY.plusHours(20), "chat", "PRICED", "0.5", "500");
        runJob(Map.of());
        exec("DELETE FROM usage_rollups WHERE customer_id = $1", Tuple.of(customer));

        runJob(Map.of("from", rfc3339(DAY), "to", rfc3339(DAY.plusDays(1))));

        assertEquals(List.of(
                "HOURLY " + DAY.plusHours(20) + " chat 1 0 0.500000000000000000 500.000000000000000000",
                "DAILY " + DAY + " chat 1 0 0.500000000000000000 500.000000000000000000"), rollups());
        Audit.assertClean(customer);
    }

    @Test
    void triggerNeedsTheAdminTokenAndAValidRange() {
        given().contentType(ContentType.JSON).body("{}").post("/v1/aggregation/jobs")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body("{}").post("/v1/aggregation/jobs")
                .then().statusCode(401);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("from", rfc3339(DAY.plusDays(1)), "to", rfc3339(DAY))).post("/v1/aggregation/jobs")
                .then().statusCode(422).body("error", equalTo("VALIDATION_ERROR")).body("details[0].field", equalTo("from"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"from\": \"yesterday\"}")
                .post("/v1/aggregation/jobs").then().statusCode(400);
        given().header("Authorization", ADMIN).get("/v1/aggregation/jobs/" + UUID.randomUUID())
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    /** RFC 3339 requires the seconds, which OffsetDateTime.toString leaves out when they are zero. */
    private static String rfc3339(OffsetDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    private void runJob(Map<String, String> body) {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/v1/aggregation/jobs")
                .then().statusCode(202).body("job_id", notNullValue()).body("trigger", equalTo("MANUAL"))
                .extract().path("job_id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .get("/v1/aggregation/jobs/" + id).then().statusCode(200).body("status", equalTo("SUCCEEDED")));
    }

    /** A usage row as the cost worker writes it: a PRICED one with its BURN posted through the ledger. */
    private String insert(OffsetDateTime eventTime, String feature, String status, String cost, String credits) {
        UUID eventId = UUID.randomUUID();
        exec("""
                WITH burn AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['BURN'], ARRAY[-$8::numeric],
                                                         ARRAY['burn:' || $2::text], ARRAY['usage'], ARRAY[1],
                                                         ARRAY[NULL::bigint])
                              WHERE $6::text = 'PRICED')
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    input_tokens, output_tokens, event_time, received_at, status, cost_usd, credits, priced_at,
                    ledger_tx_id)
                VALUES ($1, $2, $3, 'TOKEN_USAGE', $4, 'test', 'model-x', 100, 10, $5, now(), $6, $7, $8,
                    CASE WHEN $6 = 'PRICED' THEN now() END, (SELECT id FROM burn))""",
                Tuple.from(new Object[] { customer, eventId.toString(), eventId, feature, eventTime, status,
                        cost == null ? null : new BigDecimal(cost), credits == null ? null : new BigDecimal(credits) }));
        return eventId.toString();
    }

    private List<String> rollups() {
        List<String> lines = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT period, period_start, feature_id, event_count, unpriced_count, cost_usd, credits FROM usage_rollups
                WHERE customer_id = $1 ORDER BY period DESC, period_start, feature_id""")
                .execute(Tuple.of(customer)).await().indefinitely()) {
            lines.add(String.join(" ", row.getString("period"),
                    row.getOffsetDateTime("period_start").withOffsetSameInstant(ZoneOffset.UTC).toString(),
                    row.getString("feature_id"), row.getLong("event_count").toString(),
                    row.getLong("unpriced_count").toString(), row.getBigDecimal("cost_usd").toPlainString(),
                    row.getBigDecimal("credits").toPlainString()));
        }
        return lines;
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
