package io.meterline.aggregation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Test helpers: usage rows written straight into usage_events (as the cost worker would), jobs run over HTTP. */
final class UsageRows {

    static final String ADMIN = "Bearer test-admin-token";

    private UsageRows() {
    }

    /** A PRICED TOKEN_USAGE row of feature chat; answers its dedup key. */
    static String insert(Pool pool, String customer, OffsetDateTime eventTime, long inputTokens, String cost) {
        UUID eventId = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    input_tokens, output_tokens, event_time, received_at, status, cost_usd, credits, priced_at)
                VALUES ($1, $2, $3, 'TOKEN_USAGE', 'chat', 'test', 'model-x', $4, 10, $5, now(), 'PRICED', $6, 1, now())""")
                .execute(Tuple.from(new Object[] { customer, eventId.toString(), eventId, inputTokens, eventTime,
                        new BigDecimal(cost) }))
                .await().indefinitely();
        return eventId.toString();
    }

    /**
     * As {@link #insert}, with its BURN of 1 credit posted through the ledger (the customer needs a wallet), as the
     * cost worker writes it, so the audit's burn checks hold.
     */
    static String insertBurned(Pool pool, String customer, OffsetDateTime eventTime, long inputTokens, String cost) {
        UUID eventId = UUID.randomUUID();
        pool.preparedQuery("""
                WITH burn AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['BURN'], ARRAY[-1::numeric],
                                                         ARRAY['burn:' || $2::text], ARRAY['usage'], ARRAY[1],
                                                         ARRAY[NULL::bigint]))
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    input_tokens, output_tokens, event_time, received_at, status, cost_usd, credits, priced_at,
                    ledger_tx_id)
                VALUES ($1, $2, $3, 'TOKEN_USAGE', 'chat', 'test', 'model-x', $4, 10, $5, now(), 'PRICED', $6, 1, now(),
                    (SELECT id FROM burn))""")
                .execute(Tuple.from(new Object[] { customer, eventId.toString(), eventId, inputTokens, eventTime,
                        new BigDecimal(cost) }))
                .await().indefinitely();
        return eventId.toString();
    }

    /** A customer with its wallet (empty, so burns overdraw it, which the audit allows). */
    static void customer(Pool pool, String customer, String timeZone) {
        pool.preparedQuery("INSERT INTO customers (id, name, time_zone) VALUES ($1, $1, $2)")
                .execute(Tuple.of(customer, timeZone)).await().indefinitely();
        pool.preparedQuery("INSERT INTO wallets (customer_id) VALUES ($1)").execute(Tuple.of(customer)).await()
                .indefinitely();
    }

    /** The customer's rollups as "PERIOD start events input_tokens cost_usd", days first. */
    static List<String> rollups(Pool pool, String customer) {
        List<String> lines = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT period, period_start, event_count, input_tokens, cost_usd FROM usage_rollups
                WHERE customer_id = $1 ORDER BY period, period_start, feature_id""")
                .execute(Tuple.of(customer)).await().indefinitely()) {
            lines.add(String.join(" ", row.getString("period"),
                    row.getOffsetDateTime("period_start").withOffsetSameInstant(ZoneOffset.UTC).toString(),
                    row.getLong("event_count").toString(), row.getBigDecimal("input_tokens").toPlainString(),
                    row.getBigDecimal("cost_usd").toPlainString()));
        }
        return lines;
    }

    /** Starts a job with the given JSON body and waits until it ends with the expected status; answers its id. */
    static String runJob(String body, String expectedStatus) {
        String id = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .post("/v1/aggregation/jobs")
                .then().statusCode(202).body("job_id", notNullValue()).body("trigger", equalTo("MANUAL"))
                .extract().path("job_id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .get("/v1/aggregation/jobs/" + id).then().statusCode(200).body("status", equalTo(expectedStatus)));
        return id;
    }
}
