package io.meterline.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.aggregation.service.AggregationService;
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

/**
 * aggregation.updated: a late event into a closed hour announces the hour and its (local) day once each, with the
 * new totals; a run after it, and a re-pricing that changes no total, announce nothing more.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AggregationUpdatedTest {

    @Inject
    Pool pool;

    @Inject
    AggregationService aggregation;

    @Test
    void aLateEventIntoAClosedPeriodIsAnnouncedOncePerChange() {
        String customer = "agg-upd-" + UUID.randomUUID();
        UsageRows.customer(pool, customer, "America/New_York");
        UUID endpoint = UUID.randomUUID();
        exec("""
                INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
                VALUES ($1, $2, 'http://127.0.0.1:9/', ARRAY['aggregation.completed', 'aggregation.updated'], $3)""",
                Tuple.of(endpoint, customer, WebhookSignature.newSecret()));
        OffsetDateTime hour = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).minusHours(30);
        UsageRows.insertBurned(pool, customer, hour.plusMinutes(10), 100, "0.25");
        // the hour and its New York day (which ended 25 hours after the hour at the latest) are closed: completed
        run();
        assertEquals(2, announced(endpoint, "aggregation.completed").size());
        assertEquals(0, announced(endpoint, "aggregation.updated").size());

        String late = UsageRows.insertBurned(pool, customer, hour.plusMinutes(40), 50, "0.5");
        run();
        List<JsonObject> updated = announced(endpoint, "aggregation.updated");
        assertEquals(2, updated.size(), "the hour and its day, once each: " + updated);
        JsonObject daily = updated.stream().filter(u -> u.getString("period").equals("daily")).findFirst()
                .orElseThrow();
        assertEquals("America/New_York", daily.getString("time_zone"));
        assertEquals(hour.atZoneSameInstant(ZoneId.of("America/New_York")).toLocalDate()
                .atStartOfDay(ZoneId.of("America/New_York")).toInstant().toString(), daily.getString("period_start"));
        assertEquals(2, daily.getInteger("event_count"));
        JsonObject hourly = updated.stream().filter(u -> u.getString("period").equals("hourly")).findFirst()
                .orElseThrow();
        assertEquals(hour.toInstant().toString(), hourly.getString("period_start"));
        assertEquals(2, hourly.getInteger("event_count"));
        assertEquals(150, hourly.getInteger("input_tokens"));
        assertEquals("0.750000000000000000", hourly.getString("cost_usd"));

        run();
        exec("UPDATE usage_events SET priced_at = now() WHERE customer_id = $1 AND dedup_key = $2",
                Tuple.of(customer, late)); // re-stamped, same totals
        run();
        assertEquals(updated.size(), announced(endpoint, "aggregation.updated").size(), "no change, no announcement");
        exec("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = $1", Tuple.of(endpoint));
        Audit.assertClean(customer);
    }

    private void run() {
        aggregation.submitAndRun("MANUAL").await().indefinitely();
    }

    private List<JsonObject> announced(UUID endpoint, String type) {
        List<JsonObject> data = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT body FROM webhook_deliveries WHERE endpoint_id = $1 AND event_type = $2")
                .execute(Tuple.of(endpoint, type)).await().indefinitely()) {
            JsonObject body = new JsonObject(row.getString("body"));
            assertEquals(type, body.getString("type"));
            data.add(body.getJsonObject("data"));
        }
        return data;
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
