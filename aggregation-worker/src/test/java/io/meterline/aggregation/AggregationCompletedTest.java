package io.meterline.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.common.webhook.WebhookSignature;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** aggregation.completed: once per closed customer period, with the totals the run stored, in the run's transaction. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AggregationCompletedTest {

    @Inject
    Pool pool;

    @Test
    void aClosedHourAndDayAreAnnouncedOnceWithTheirTotals() {
        String customer = "agg-done-" + UUID.randomUUID();
        exec("INSERT INTO customers (id, name) VALUES ($1, $1)", Tuple.of(customer));
        exec("INSERT INTO wallets (customer_id) VALUES ($1)", Tuple.of(customer));
        UUID endpoint = UUID.randomUUID();
        exec("""
                INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
                VALUES ($1, $2, 'http://127.0.0.1:9/', ARRAY['aggregation.completed'], $3)""",
                Tuple.of(endpoint, customer, WebhookSignature.newSecret()));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime hour = now.truncatedTo(ChronoUnit.HOURS).minusHours(3); // closed 1 h 55 min ago at the latest
        OffsetDateTime day = now.truncatedTo(ChronoUnit.DAYS).minusDays(2); // closed yesterday at 00:05
        OffsetDateTime open = now.truncatedTo(ChronoUnit.HOURS); // the current hour, not closed
        insert(customer, hour.plusMinutes(10), "0.25", "250");
        insert(customer, hour.plusMinutes(50), "0.000000000000000001", "0.000000000000000001");
        insert(customer, day.plusHours(23), "2", "2000");
        insert(customer, open.plusSeconds(1), "1", "1000");

        UsageRows.runJob("{}", "SUCCEEDED");
        List<JsonObject> announced = announced(endpoint);
        JsonObject hourly = find(announced, "hourly", hour);
        assertEquals(2, hourly.getInteger("event_count"));
        assertEquals("0.250000000000000001", hourly.getString("cost_usd"));
        assertEquals("250.000000000000000001", hourly.getString("credits"));
        assertEquals(200, hourly.getInteger("input_tokens"));
        assertEquals(hour.plusHours(1).toInstant().toString(), hourly.getString("period_end"));
        JsonObject daily = find(announced, "daily", day);
        assertEquals(1, daily.getInteger("event_count"));
        assertEquals("2.000000000000000000", daily.getString("cost_usd"));
        assertEquals(0, announced.stream().filter(a -> a.getString("period_start")
                .equals(open.toInstant().toString())).count(), "an open hour is not announced");

        // a second run, and a late event in the closed hour, announce nothing more (updates are aggregation.updated)
        insert(customer, hour.plusMinutes(30), "1", "1000");
        UsageRows.runJob("{}", "SUCCEEDED");
        assertEquals(announced.size(), announced(endpoint).size());
        exec("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = $1", Tuple.of(endpoint));
        Audit.assertClean(customer);
    }

    @Test
    void aClosedKolkataDayIsAnnouncedWithItsLocalBounds() {
        String customer = "agg-done-kolkata-" + UUID.randomUUID();
        exec("INSERT INTO customers (id, name, time_zone) VALUES ($1, $1, 'Asia/Kolkata')", Tuple.of(customer));
        exec("INSERT INTO wallets (customer_id) VALUES ($1)", Tuple.of(customer));
        UUID endpoint = UUID.randomUUID();
        exec("""
                INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
                VALUES ($1, $2, 'http://127.0.0.1:9/', ARRAY['aggregation.completed'], $3)""",
                Tuple.of(endpoint, customer, WebhookSignature.newSecret()));
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        LocalDate today = LocalDate.now(kolkata);
        // the day before yesterday in Kolkata: from 18:30 UTC, closed since yesterday's local midnight
        OffsetDateTime start = today.minusDays(2).atStartOfDay(kolkata).toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
        OffsetDateTime end = today.minusDays(1).atStartOfDay(kolkata).toOffsetDateTime()
                .withOffsetSameInstant(ZoneOffset.UTC);
        insert(customer, start.minusMinutes(10), "1", "1000"); // same UTC hour, the local day before
        insert(customer, start.plusMinutes(10), "0.5", "500");
        insert(customer, end.minusMinutes(1), "0.25", "250");

        UsageRows.runJob("{}", "SUCCEEDED");
        JsonObject daily = find(announced(endpoint), "daily", start);
        assertEquals("Asia/Kolkata", daily.getString("time_zone"));
        assertEquals(end.toInstant().toString(), daily.getString("period_end"));
        assertEquals(2, daily.getInteger("event_count"));
        assertEquals("0.750000000000000000", daily.getString("cost_usd"));
        assertEquals("750.000000000000000000", daily.getString("credits"));
        exec("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = $1", Tuple.of(endpoint));
        Audit.assertClean(customer);
    }

    private static JsonObject find(List<JsonObject> announced, String period, OffsetDateTime start) {
        List<JsonObject> matching = announced.stream().filter(a -> a.getString("period").equals(period)
                && a.getString("period_start").equals(start.toInstant().toString())).toList();
        assertEquals(1, matching.size(), period + " " + start + " announced once: " + announced);
        return matching.get(0);
    }

    /** The data of every aggregation.completed delivery of the endpoint. */
    private List<JsonObject> announced(UUID endpoint) {
        List<JsonObject> data = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT event_type, body FROM webhook_deliveries WHERE endpoint_id = $1")
                .execute(Tuple.of(endpoint)).await().indefinitely()) {
            assertEquals("aggregation.completed", row.getString("event_type"));
            JsonObject body = new JsonObject(row.getString("body"));
            assertEquals("aggregation.completed", body.getString("type"));
            data.add(body.getJsonObject("data"));
        }
        return data;
    }

    /** A PRICED usage row with its BURN posted through the ledger, as the cost worker writes it. */
    private void insert(String customer, OffsetDateTime eventTime, String cost, String credits) {
        UUID eventId = UUID.randomUUID();
        exec("""
                WITH burn AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['BURN'], ARRAY[-$6::numeric],
                                                         ARRAY['burn:' || $2::text], ARRAY['usage'], ARRAY[1],
                                                         ARRAY[NULL::bigint]))
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    input_tokens, output_tokens, event_time, received_at, status, cost_usd, credits, priced_at,
                    ledger_tx_id)
                VALUES ($1, $2, $3, 'TOKEN_USAGE', 'chat', 'test', 'model-x', 100, 10, $4, now(), 'PRICED', $5, $6,
                    now(), (SELECT id FROM burn))""",
                Tuple.from(new Object[] { customer, eventId.toString(), eventId, eventTime, new BigDecimal(cost),
                        new BigDecimal(credits) }));
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
