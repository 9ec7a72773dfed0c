package io.meterline.ingest.stats;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /v1/admin/stats over a small known scenario: every figure computed by hand. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class StatsTest {

    private static final String STATS = "/v1/admin/stats";

    @Test
    void aKnownScenarioGivesItsFiguresByHand() throws SQLException {
        String id = AdminApi.createCustomer("stats");
        String key = AdminApi.issueKey(id);
        Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        AdminApi.topUp(id, "1000", "t1");                              // PURCHASE 1000
        Instant afterTopUp = Instant.now();
        grant(id, "promo", "200", "PROMOTIONAL");                      // PROMOTIONAL 200
        grant(id, "plan", "50", "PLAN");                               // PLAN 50
        adjust(id, "5", "a1");                                         // ADJUSTMENT 5
        adjust(id, "-3", "a2");                                        // adjusted down 3
        burn(id);                                                      // burned 150, cost 0.15 USD
        given().header("X-Api-Key", key).contentType("application/json")
                .body(Map.of("request_id", "c1", "amount", "40")).post("/v1/charges").then().statusCode(201);
        given().header("X-Api-Key", key).contentType("application/json")
                .body(Map.of("refund_id", "f1", "charge_request_id", "c1", "amount", "15", "reason", "outage"))
                .post("/v1/refunds").then().statusCode(201);  // charged 40, refunded 15
        Instant to = Instant.now().plusSeconds(1);

        JsonPath stats = admin().queryParam("from", yesterday.toString()).queryParam("to", to.toString())
                .queryParam("period", "day").queryParam("customer_id", id).get(STATS).then().statusCode(200)
                .body("period", equalTo("day")).body("customer_id", equalTo(id)).body("periods", hasSize(2))
                .extract().jsonPath();
        // yesterday: nothing, and nothing outstanding
        assertMoney("0", stats.getString("periods[0].granted_total"));
        assertMoney("0", stats.getString("periods[0].outstanding_balance"));
        assertEquals(0, stats.getInt("periods[0].customers_active"));
        assertEquals(yesterday.toString(), stats.getString("periods[0].period_start"));
        // today, up to `to`
        String today = "periods[1].";
        assertEquals(to.truncatedTo(ChronoUnit.DAYS).toString(), stats.getString(today + "period_start"));
        assertMoney("1000", stats.getString(today + "granted.PURCHASE"));
        assertMoney("200", stats.getString(today + "granted.PROMOTIONAL"));
        assertMoney("50", stats.getString(today + "granted.PLAN"));
        assertMoney("5", stats.getString(today + "granted.ADJUSTMENT"));
        assertMoney("1255", stats.getString(today + "granted_total"));
        assertMoney("150", stats.getString(today + "burned"));
        assertMoney("40", stats.getString(today + "charged"));
        assertMoney("15", stats.getString(today + "refunded"));
        assertMoney("0", stats.getString(today + "expired"));
        assertMoney("3", stats.getString(today + "adjusted_down"));
        assertMoney("1077", stats.getString(today + "outstanding_balance")); // 1255 - 150 - 40 + 15 - 3
        assertEquals(1, stats.getInt(today + "customers_active"));
        assertMoney("0.15", stats.getString(today + "revenue.usage_cost_usd"));
        assertMoney("175", stats.getString(today + "revenue.credits_billed")); // 150 + 40 - 15
        BigDecimal perUsd = new BigDecimal(stats.getString("credits_per_usd"));
        BigDecimal billedUsd = new BigDecimal("175").divide(perUsd, 18, RoundingMode.HALF_EVEN);
        assertMoney(billedUsd.toPlainString(), stats.getString(today + "revenue.billed_usd"));
        assertMoney(billedUsd.subtract(new BigDecimal("0.15")).toPlainString(),
                stats.getString(today + "revenue.margin_usd"));

        // the outstanding balance at an earlier end: only the top-up had landed
        admin().queryParam("from", yesterday.toString()).queryParam("to", afterTopUp.toString())
                .queryParam("customer_id", id).get(STATS).then().statusCode(200).body("period", equalTo("month"))
                .body("periods[-1].outstanding_balance", equalTo("1000.000000000000"))
                .body("periods[-1].granted_total", equalTo("1000.000000000000"))
                .body("periods[-1].period_end", equalTo(afterTopUp.toString()))
                .body("periods[-1].customers_active", equalTo(0));
        Audit.assertClean(id);
    }

    @Test
    void allCustomersAndBadQueries() {
        Instant now = Instant.now();
        admin().queryParam("from", now.minus(400, ChronoUnit.DAYS).toString()).queryParam("to", now.toString())
                .get(STATS).then().statusCode(422).body("details.field", hasItem("to"));
        admin().queryParam("from", now.minus(366, ChronoUnit.DAYS).toString()).queryParam("to", now.toString())
                .get(STATS).then().statusCode(200).body("customer_id", equalTo(null));
        admin().get(STATS).then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                .body("details.field", hasItem("from"));
        admin().queryParam("from", "yesterday").get(STATS).then().statusCode(422).body("details.field", hasItem("from"));
        admin().queryParam("from", now.toString()).queryParam("to", now.minusSeconds(1).toString()).get(STATS).then()
                .statusCode(422).body("details.field", hasItem("to"));
        admin().queryParam("from", now.minusSeconds(60).toString()).queryParam("period", "week").get(STATS).then()
                .statusCode(422).body("details.field", hasItem("period"));
        admin().queryParam("from", now.minusSeconds(60).toString()).queryParam("customer_id", "nobody-xyz")
                .get(STATS).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().queryParam("from", now.minusSeconds(60).toString()).get(STATS).then().statusCode(401);
        // a month that began before `from` is listed from `from`
        Instant from = now.atOffset(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).minusMonths(2)
                .plusDays(3).toInstant();
        admin().queryParam("from", from.toString()).get(STATS).then().statusCode(200).body("periods", hasSize(3))
                .body("periods[0].period_start", equalTo(from.toString()));
    }

    private static void grant(String customer, String grantId, String amount, String source) {
        admin().body(Map.of("grant_id", grantId, "amount", amount, "source", source))
                .post("/v1/admin/customers/{id}/grants", customer).then().statusCode(201);
    }

    private static void adjust(String customer, String amount, String key) {
        admin().body(Map.of("amount", amount, "reason", "stats", "idempotency_key", key))
                .post("/v1/admin/customers/{id}/wallet/adjustments", customer).then().statusCode(201);
    }

    /** What the cost worker writes for two priced events: their usage rows and one BURN row linked to them. */
    private static void burn(String customer) throws SQLException {
        try (Connection db = AdminApi.db()) {
            long id;
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT nextval(pg_get_serial_sequence('wallet_transactions', 'id'))"); ResultSet r = q.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
            try (PreparedStatement q = db.prepareStatement("""
                    INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, event_time,
                                              received_at, status, cost_usd, credits, ledger_tx_id, priced_at)
                    SELECT ?, k, gen_random_uuid(), 'API_CALL', 'stats', now(), now(), 'PRICED', c, c * 1000, ?, now()
                    FROM (VALUES ('u1', 0.10), ('u2', 0.05)) AS u(k, c)""")) {
                q.setString(1, customer);
                q.setLong(2, id);
                q.executeUpdate();
            }
            try (PreparedStatement q = db.prepareStatement("""
                    SELECT * FROM ledger_post(ARRAY[?], ARRAY['BURN'], ARRAY[-150::numeric], ARRAY['burn-1'],
                                              ARRAY['usage'], ARRAY[2], ARRAY[?::bigint])""")) {
                q.setString(1, customer);
                q.setLong(2, id);
                q.executeQuery().close();
            }
        }
    }

    private static void assertMoney(String expected, String actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual)), expected + " vs " + actual);
    }
}
