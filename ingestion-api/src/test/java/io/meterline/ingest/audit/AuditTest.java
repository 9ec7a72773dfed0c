package io.meterline.ingest.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.TestDb;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** The audit reports zero on a consistent wallet and finds each kind of broken invariant it claims to check. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AuditTest {

    private static final String AUDIT = "/v1/admin/audit";

    @Test
    void aConsistentWalletAuditsClean() {
        String customer = customer("clean");
        topUp(customer, "100", "t1");
        admin().body(Map.of("amount", "-2.5", "reason", "correction", "idempotency_key", "a1"))
                .post("/v1/admin/customers/{id}/wallet/adjustments", customer).then().statusCode(201)
                .body("seq", equalTo(2));
        admin().queryParam("customer_id", customer).queryParam("settle_seconds", 0).get(AUDIT).then()
                .statusCode(200).body("violations", equalTo(0)).body("customer_id", equalTo(customer))
                .body("checks.name", containsInAnyOrder("ledger_chain", "ledger_balance", "burn_matches_usage",
                        "rerate_matches_items", "rerated_usage_matches_items", "priced_has_burn", "rollup_hourly",
                        "rollup_daily", "pending_too_old", "grants_match_balance", "allocations_match_rows",
                        "grant_remaining_matches_allocations", "expired_grants_at_zero", "charge_refund_ledger",
                        "refunds_within_original", "plan_periods_match_grants", "top_up_once_per_crossing",
                        "holds_match_reservations", "rollup_dirty_too_old", "duplicates_point_at_stored"));
        Audit.assertClean(customer);
    }

    @Test
    void aBrokenChainAndAnUnburnedPricedRowAreReported() throws SQLException {
        String customer = customer("broken");
        topUp(customer, "10", "t1");
        // a row written around the ledger: balance_before does not continue the chain, the wallet ignores it, and
        // no grant or overdraft explains it
        sql("""
                INSERT INTO wallet_transactions (customer_id, seq, type, amount, balance_before, balance_after,
                                                 idempotency_key)
                VALUES (?, 2, 'ADJUSTMENT', 1, 50, 51, 'forged')""", customer);
        // a PRICED usage row that no BURN charged
        sql("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, event_time,
                                          received_at, status, cost_usd, credits)
                VALUES (?, 'free', gen_random_uuid(), 'API_CALL', 'x', now(), now(), 'PRICED', 1, 1000)""", customer);
        // an event recorded as reusing the key of an event that is not stored
        sql("""
                INSERT INTO usage_duplicates (customer_id, event_id, dedup_key, duplicate_of)
                VALUES (?, '00000000-0000-4000-8000-000000000001', 'free', gen_random_uuid())""", customer);
        admin().queryParam("customer_id", customer).get(AUDIT).then().statusCode(200)
                .body("violations", equalTo(5))
                .body("checks.find { it.name == 'duplicates_point_at_stored' }.examples",
                        hasItem(customer + " 00000000-0000-4000-8000-000000000001"))
                .body("checks.find { it.name == 'ledger_chain' }.violations", equalTo(1))
                .body("checks.find { it.name == 'ledger_chain' }.examples", hasItem(customer + " seq 2"))
                .body("checks.find { it.name == 'ledger_balance' }.violations", equalTo(1))
                .body("checks.find { it.name == 'allocations_match_rows' }.violations", equalTo(1))
                .body("checks.find { it.name == 'priced_has_burn' }.examples", hasItem(customer + " free"));
        // the tests' audit of many customers at once counts only theirs and names the broken one
        String clean = customer("clean");
        topUp(clean, "10", "t1");
        Audit.assertClean(clean);
        AssertionError error = assertThrows(AssertionError.class, () -> Audit.assertClean(clean, customer));
        assertTrue(error.getMessage().contains("ledger_chain (1): [" + customer + " seq 2]"), error.getMessage());
        assertTrue(error.getMessage().contains("priced_has_burn (1): [" + customer + " free]"), error.getMessage());
    }

    @Test
    void grantsChangedAroundTheLedgerAreReported() throws SQLException {
        String customer = customer("grant-broken");
        topUp(customer, "10", "t1");
        // the top-up's implicit grant says 25 and is closed, without any ledger row
        sql("""
                UPDATE credit_grants SET remaining = 25, state = 'EXPIRED', closed_at = now()
                WHERE customer_id = ? AND grant_id = 'top_up:t1'""", customer);
        admin().queryParam("customer_id", customer).get(AUDIT).then().statusCode(200)
                .body("violations", equalTo(3))
                .body("checks.find { it.name == 'grants_match_balance' }.examples[0]",
                        startsWith(customer + " balance 10"))
                .body("checks.find { it.name == 'grant_remaining_matches_allocations' }.violations", equalTo(1))
                .body("checks.find { it.name == 'expired_grants_at_zero' }.examples[0]",
                        startsWith(customer + " grant top_up:t1 EXPIRED"));
    }

    @Test
    void aDailyRollupOfAnotherDayThanTheCustomersIsReported() throws SQLException {
        String customer = customer("tz-broken");
        sql("UPDATE customers SET time_zone = 'Asia/Kolkata' WHERE id = ?", customer);
        // raw rows at 23:50 on 1 June and 00:10 on 2 June in Kolkata (+5:30), both in the UTC day of 1 June
        for (String at : new String[] { "2026-06-01T18:20:00Z", "2026-06-01T18:40:00Z" }) {
            sql("""
                    INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, event_time,
                                              received_at, status, input_tokens, quantity, cost_usd, credits)
                    VALUES (?, gen_random_uuid()::text, gen_random_uuid(), 'TOKEN_USAGE', 'chat', '%s', now(),
                            'UNPRICED', 10, 0, 0, 0)""".formatted(at), customer);
        }
        sql(rollup("DAILY", "2026-06-01T00:00:00Z").replace("1, 10", "2, 20"), customer);
        admin().queryParam("customer_id", customer).queryParam("settle_seconds", 0).get(AUDIT).then().statusCode(200)
                .body("checks.find { it.name == 'rollup_daily' }.violations", greaterThanOrEqualTo(1))
                .body("checks.find { it.name == 'rollup_daily' }.examples",
                        hasItem(startsWith(customer + " 2026-06-01 00:00:00+00")));
        // the Kolkata days: 1 June from 2026-05-31T18:30Z, 2 June from 2026-06-01T18:30Z (not whole UTC hours)
        sql("DELETE FROM usage_rollups WHERE customer_id = ? AND period = 'DAILY'", customer);
        sql(rollup("DAILY", "2026-05-31T18:30:00Z"), customer);
        sql(rollup("DAILY", "2026-06-01T18:30:00Z"), customer);
        sql("UPDATE usage_rollups SET unpriced_count = event_count WHERE customer_id = ?", customer);
        admin().queryParam("customer_id", customer).queryParam("settle_seconds", 0).get(AUDIT).then().statusCode(200)
                .body("checks.find { it.name == 'rollup_daily' }.violations", equalTo(0));
    }

    /** A rollup row of one event and 10 input tokens (the customer is the statement's parameter). */
    private static String rollup(String period, String start) {
        return """
                INSERT INTO usage_rollups (customer_id, period, period_start, event_type, feature_id, event_count,
                                           input_tokens, quantity, cost_usd, credits)
                VALUES (?, '%s', '%s', 'TOKEN_USAGE', 'chat', 1, 10, 0, 0, 0)""".formatted(period, start);
    }

    @Test
    void heldCreditsWithoutTheirReservationsAreReported() throws SQLException {
        String customer = customer("held-broken");
        topUp(customer, "10", "t1");
        // credits held around the hold functions: no OPEN reservation explains them
        sql("UPDATE wallets SET held = 3 WHERE customer_id = ?", customer);
        admin().queryParam("customer_id", customer).get(AUDIT).then().statusCode(200)
                .body("violations", equalTo(1))
                .body("checks.find { it.name == 'holds_match_reservations' }.examples[0]",
                        startsWith(customer + " held 3"));
    }

    @Test
    void aDirtyMarkNoRunConsumedIsReported() throws SQLException {
        String customer = customer("dirty-old");
        // a mark an hour old: no aggregation run took it (the job is not running)
        sql("""
                INSERT INTO rollup_dirty (customer_id, hour, marked_at)
                VALUES (?, '2026-06-01T10:00:00Z', now() - interval '1 hour')""", customer);
        admin().queryParam("customer_id", customer).get(AUDIT).then().statusCode(200)
                .body("violations", equalTo(1))
                .body("checks.find { it.name == 'rollup_dirty_too_old' }.examples[0]",
                        startsWith(customer + " 2026-06-01 10:00:00"));
        sql("DELETE FROM rollup_dirty WHERE customer_id = ?", customer);
        admin().queryParam("customer_id", customer).get(AUDIT).then().statusCode(200)
                .body("checks.find { it.name == 'rollup_dirty_too_old' }.violations", equalTo(0));
    }

    @Test
    void eventsWaitingInKafkaBeyondTheAgeArePending() {
        try (KafkaCompanion kafka = Kafka.companion()) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(MeterlineServices.topic("usage-events"), "k",
                    "{}")).awaitCompletion(Duration.ofSeconds(30));
        }
        admin().queryParam("pending_max_age_seconds", 0).get(AUDIT).then().statusCode(200)
                .body("checks.find { it.name == 'pending_too_old' }.violations", greaterThanOrEqualTo(1))
                .body("checks.find { it.name == 'pending_too_old' }.examples[0]", startsWith("usage-events"));
        admin().queryParam("customer_id", customer("young")).get(AUDIT).then().statusCode(200)
                .body("checks.find { it.name == 'pending_too_old' }.violations", equalTo(0));
    }

    @Test
    void parametersAreCheckedAndTheTokenIsRequired() {
        given().get(AUDIT).then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        admin().queryParam("settle_seconds", "-1").get(AUDIT).then().statusCode(400);
        admin().queryParam("pending_max_age_seconds", "soon").get(AUDIT).then().statusCode(400);
        admin().queryParam("customer_id", "a\u0000b").get(AUDIT).then().statusCode(400);
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token").contentType("application/json");
    }

    private static String customer(String prefix) {
        String id = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("id", id, "name", id)).post("/v1/admin/customers").then().statusCode(201);
        return id;
    }

    private static void topUp(String customer, String amount, String key) {
        admin().body(Map.of("amount", amount, "idempotency_key", key))
                .post("/v1/admin/customers/{id}/wallet/top-ups", customer).then().statusCode(201);
    }

    private static void sql(String sql, String customer) throws SQLException {
        try (Connection c = TestDb.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, customer);
            s.executeUpdate();
        }
    }
}
