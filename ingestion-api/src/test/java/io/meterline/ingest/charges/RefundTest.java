package io.meterline.ingest.charges;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RefundTest {

    @Test
    void aChargeIsRefundedInPartsButNeverBeyondItsAmount() {
        Charges.Customer acme = Charges.customer("refund");
        acme.api().body(Map.of("request_id", "c1", "amount", "30", "feature_id", "pdf")).post("/v1/charges")
                .then().statusCode(201);

        int first = acme.api().body(Map.of("refund_id", "f1", "charge_request_id", "c1", "amount", "10",
                "reason", "partial outage")).post("/v1/refunds").then().statusCode(201)
                .body("amount", equalTo("10.000000000000")).body("charge_request_id", equalTo("c1"))
                .body("event_id", nullValue()).body("feature_id", equalTo("pdf"))
                .body("ledger_transaction.type", equalTo("REFUND"))
                .body("ledger_transaction.amount", equalTo("10.000000000000"))
                .body("ledger_transaction.balance_after", equalTo("-20.000000000000"))
                .extract().path("ledger_transaction.id");
        acme.api().get("/v1/charges/{r}", "c1").then().body("status", equalTo("PARTIALLY_REFUNDED"))
                .body("refunded_amount", equalTo("10.000000000000"));

        // more than is left: 422 naming amount; a retry of f1: the original; f1 for another amount: 409
        acme.api().body(Map.of("refund_id", "f2", "charge_request_id", "c1", "amount", "20.000000000000000001",
                "reason", "x")).post("/v1/refunds").then().statusCode(422)
                .body("error", equalTo("REFUND_EXCEEDS_ORIGINAL")).body("details[0].field", equalTo("amount"));
        acme.api().body(Map.of("refund_id", "f1", "charge_request_id", "c1", "amount", "10", "reason", "again"))
                .post("/v1/refunds").then().statusCode(200).body("ledger_transaction.id", equalTo(first))
                .body("reason", equalTo("partial outage"));
        acme.api().body(Map.of("refund_id", "f1", "charge_request_id", "c1", "amount", "11", "reason", "x"))
                .post("/v1/refunds").then().statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));

        // no amount: all that is left, then nothing is
        acme.api().body(Map.of("refund_id", "f3", "charge_request_id", "c1", "reason", "rest")).post("/v1/refunds")
                .then().statusCode(201).body("amount", equalTo("20.000000000000"))
                .body("ledger_transaction.balance_after", equalTo("0.000000000000"));
        acme.api().body(Map.of("refund_id", "f3", "charge_request_id", "c1", "reason", "rest")).post("/v1/refunds")
                .then().statusCode(200).body("amount", equalTo("20.000000000000"));
        acme.api().body(Map.of("refund_id", "f4", "charge_request_id", "c1", "reason", "more")).post("/v1/refunds")
                .then().statusCode(422).body("error", equalTo("REFUND_EXCEEDS_ORIGINAL"))
                .body("details[0].field", equalTo("charge_request_id"));
        acme.api().get("/v1/charges/{r}", "c1").then().body("status", equalTo("REFUNDED"))
                .body("refunded_amount", equalTo("30.000000000000"));
        acme.api().get("/v1/refunds/{r}", "f3").then().statusCode(200).body("amount", equalTo("20.000000000000"));
        admin().get("/v1/admin/customers/{id}/refunds/{r}", acme.id(), "f1").then().statusCode(200)
                .body("original_ledger_tx_id", equalTo(
                        acme.api().get("/v1/charges/{r}", "c1").then().extract().path("ledger_transaction.id")));
        assertEquals(3, Charges.ledgerRows(acme.id()));
        admin().get("/v1/admin/customers/{id}/wallet", acme.id()).then().body("balance", equalTo("0.000000000000"));
        Audit.assertClean(acme.id());
    }

    @Test
    void aRefundGivesTheCreditsBackToTheGrantsTheChargeDrewFrom() {
        Charges.Customer acme = Charges.customer("refundgrants");
        String endpoint = admin().body(Map.of("url", "http://127.0.0.1:9/hooks", "event_types",
                List.of("charge.refunded"), "customer_id", acme.id())).post("/v1/admin/webhook-endpoints").then()
                .statusCode(201).extract().path("id");
        admin().body(Map.of("amount", "100", "idempotency_key", "invoice-1"))
                .post("/v1/admin/customers/{id}/wallet/top-ups", acme.id()).then().statusCode(201);
        admin().body(Map.of("grant_id", "promo", "amount", "50", "source", "PROMOTIONAL", "priority", 0,
                "expires_at", Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString()))
                .post("/v1/admin/customers/{id}/grants", acme.id()).then().statusCode(201);

        // the promotional grant burns first: 50 of the charge from it, 10 from the purchase
        acme.api().body(Map.of("request_id", "c", "amount", "60")).post("/v1/charges").then().statusCode(201);
        admin().get("/v1/admin/customers/{id}/grants", acme.id()).then()
                .body("data.find { it.grant_id == 'promo' }.remaining", equalTo("0.000000000000"))
                .body("data.find { it.grant_id == 'top_up:invoice-1' }.remaining", equalTo("90.000000000000"));

        // a refund of 20 goes back newest-drawn first: the purchase's 10, then 10 of the promotion
        acme.api().body(Map.of("refund_id", "f", "charge_request_id", "c", "amount", "20", "reason", "outage"))
                .post("/v1/refunds").then().statusCode(201).body("ledger_transaction.balance_after", equalTo("110.000000000000"));
        admin().get("/v1/admin/customers/{id}/grants", acme.id()).then()
                .body("data.find { it.grant_id == 'promo' }.remaining", equalTo("10.000000000000"))
                .body("data.find { it.grant_id == 'top_up:invoice-1' }.remaining", equalTo("100.000000000000"));
        admin().get("/v1/admin/customers/{id}/wallet/transactions", acme.id()).then()
                .body("data.find { it.type == 'REFUND' }.allocations.grant_id", contains("top_up:invoice-1", "promo"));
        // announced once, in the refund's transaction
        admin().get("/v1/admin/webhook-endpoints/{id}/deliveries", endpoint).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].payload.type", equalTo("charge.refunded"))
                .body("data[0].payload.data.refund_id", equalTo("f"))
                .body("data[0].payload.data.charge_request_id", equalTo("c"))
                .body("data[0].payload.data.amount", equalTo("20.000000000000"))
                .body("data[0].payload.data.balance_after", equalTo("110.000000000000"));
        Audit.assertClean(acme.id());
    }

    @Test
    void concurrentRefundsOfOneChargeNeverExceedIt() throws Exception {
        Charges.Customer acme = Charges.customer("refundrace");
        acme.api().body(Map.of("request_id", "c", "amount", "10")).post("/v1/charges").then().statusCode(201);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String id = "r" + i;
            calls.add(() -> acme.api().body(Map.of("refund_id", id, "charge_request_id", "c", "amount", "3",
                    "reason", "race")).post("/v1/refunds").then().extract().statusCode());
        }
        List<Integer> statuses = Charges.concurrently(calls);
        assertEquals(3, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 422).count(), statuses.toString());
        assertEquals(9, Charges.count("SELECT sum(amount) FROM refunds WHERE customer_id = ?", acme.id()));
        admin().get("/v1/admin/customers/{id}/wallet", acme.id()).then().body("balance", equalTo("-1.000000000000"));
        Audit.assertClean(acme.id());
    }

    @Test
    void tenConcurrentRetriesOfOneRefundPostOneLedgerRow() throws Exception {
        Charges.Customer acme = Charges.customer("refundretry");
        acme.api().body(Map.of("request_id", "c", "amount", "10")).post("/v1/charges").then().statusCode(201);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> acme.api().body(Map.of("refund_id", "same", "charge_request_id", "c", "amount", "4",
                    "reason", "retry storm")).post("/v1/refunds").then().extract().statusCode());
        }
        List<Integer> statuses = Charges.concurrently(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, Charges.count("SELECT count(*) FROM refunds WHERE customer_id = ?", acme.id()));
        assertEquals(1, Charges.count(
                "SELECT count(*) FROM wallet_transactions WHERE customer_id = ? AND type = 'REFUND'", acme.id()));
        acme.api().get("/v1/charges/{r}", "c").then().body("status", equalTo("PARTIALLY_REFUNDED"))
                .body("refunded_amount", equalTo("4.000000000000"));
        admin().get("/v1/admin/customers/{id}/wallet", acme.id()).then().body("balance", equalTo("-6.000000000000"));
        Audit.assertClean(acme.id());
    }

    @Test
    void aRefundedEventKeepsItsUsageRowAndShowsRefundedCredits() {
        Charges.Customer acme = Charges.customer("eventrefund");
        UUID eventId = UUID.randomUUID();
        TestCustomers.storePriced(acme.id(), eventId, "2.5");
        acme.api().get("/v1/events/{id}", eventId).then().statusCode(200)
                .body("refunded_credits", equalTo("0.000000000000"));

        long burn = Charges.count("SELECT ledger_tx_id FROM usage_events WHERE customer_id = ?", acme.id());
        acme.api().body(Map.of("refund_id", "e1", "event_id", eventId.toString(), "amount", "1", "reason", "bad answer"))
                .post("/v1/refunds").then().statusCode(201).body("event_id", equalTo(eventId.toString()))
                .body("feature_id", equalTo("chat")).body("original_ledger_tx_id", equalTo((int) burn))
                .body("ledger_transaction.balance_after", equalTo("-1.500000000000"));
        acme.api().get("/v1/events/{id}", eventId).then().statusCode(200).body("status", equalTo("PRICED"))
                .body("credits", equalTo("2.500000000000")).body("refunded_credits", equalTo("1.000000000000"));

        admin().body(Map.of("refund_id", "e2", "event_id", eventId.toString(), "reason", "rest"))
                .post("/v1/admin/customers/{id}/refunds", acme.id()).then().statusCode(201)
                .body("amount", equalTo("1.500000000000"));
        acme.api().body(Map.of("refund_id", "e3", "event_id", eventId.toString(), "amount", "0.1", "reason", "x"))
                .post("/v1/refunds").then().statusCode(422).body("error", equalTo("REFUND_EXCEEDS_ORIGINAL"))
                .body("details[0].field", equalTo("event_id"));
        acme.api().get("/v1/events/{id}", eventId).then().body("refunded_credits", equalTo("2.500000000000"));
        assertEquals(1, Charges.count("SELECT count(*) FROM usage_events WHERE customer_id = ?", acme.id()));
        admin().get("/v1/admin/customers/{id}/wallet", acme.id()).then().body("balance", equalTo("0.000000000000"));
        Audit.assertClean(acme.id());
    }

    @Test
    void unknownOrUnpricedItemsAreRefusedNamingTheField() throws Exception {
        Charges.Customer acme = Charges.customer("refundmissing");
        acme.api().body(Map.of("refund_id", "x1", "charge_request_id", "nope", "reason", "r")).post("/v1/refunds")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"))
                .body("details[0].field", equalTo("charge_request_id"));
        acme.api().body(Map.of("refund_id", "x2", "event_id", UUID.randomUUID().toString(), "reason", "r"))
                .post("/v1/refunds").then().statusCode(404).body("details[0].field", equalTo("event_id"));

        UUID unpriced = UUID.randomUUID();
        try (Connection db = AdminApi.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                                          event_time, received_at, status)
                VALUES (?, ?, ?, 'TOKEN_USAGE', 'chat', 'nobody', 'unknown-model', now(), now(), 'UNPRICED')""")) {
            insert.setString(1, acme.id());
            insert.setString(2, unpriced.toString());
            insert.setObject(3, unpriced);
            insert.executeUpdate();
        }
        acme.api().body(Map.of("refund_id", "x3", "event_id", unpriced.toString(), "reason", "r")).post("/v1/refunds")
                .then().statusCode(422).body("error", equalTo("NOT_REFUNDABLE"))
                .body("details[0].field", equalTo("event_id"));

        // another customer's charge is unknown to this one
        Charges.Customer other = Charges.customer("refundother");
        other.api().body(Map.of("request_id", "theirs", "amount", "5")).post("/v1/charges").then().statusCode(201);
        acme.api().body(Map.of("refund_id", "x4", "charge_request_id", "theirs", "reason", "r")).post("/v1/refunds")
                .then().statusCode(404);
        assertEquals(0, Charges.ledgerRows(acme.id()));
        Audit.assertClean(acme.id(), other.id());
    }

    @Test
    void badRefundsAreRefusedNamingTheFieldAndChangeNothing() {
        Charges.Customer acme = Charges.customer("badrefund");
        acme.api().body(Map.of("request_id", "c", "amount", "5")).post("/v1/charges").then().statusCode(201);
        String event = UUID.randomUUID().toString();
        Object[][] cases = {
            {Map.of("charge_request_id", "c", "reason", "r"), "refund_id"},
            {Map.of("refund_id", "f", "reason", "r"), "charge_request_id"},
            {Map.of("refund_id", "f", "charge_request_id", "c", "event_id", event, "reason", "r"), "event_id"},
            {Map.of("refund_id", "f", "event_id", "not-a-uuid", "reason", "r"), "event_id"},
            {Map.of("refund_id", "f", "charge_request_id", "c"), "reason"},
            {Map.of("refund_id", "f", "charge_request_id", "c", "reason", " "), "reason"},
            {Map.of("refund_id", "f", "charge_request_id", "c", "reason", "r", "amount", "0"), "amount"},
            {Map.of("refund_id", "f", "charge_request_id", "c", "reason", "r", "amount", "-1"), "amount"},
            {Map.of("refund_id", "f", "charge_request_id", "c", "reason", "r", "amount", "1e16"), "amount"},
            {Map.of("refund_id", "f\u0000", "charge_request_id", "c", "reason", "r"), "refund_id"},
        };
        for (Object[] c : cases) {
            acme.api().body(c[0]).post("/v1/refunds").then().statusCode(422)
                    .body("details.field", hasItem(c[1])).body("error", equalTo("VALIDATION_ERROR"));
        }
        acme.api().body("[]").post("/v1/refunds").then().statusCode(400);
        assertEquals(1, Charges.ledgerRows(acme.id()));
        assertEquals(0, Charges.count("SELECT count(*) FROM refunds WHERE customer_id = ?", acme.id()));
        acme.api().get("/v1/charges/{r}", "c").then().body("refunded_amount", equalTo("0.000000000000"));
        Audit.assertClean(acme.id());
    }
}
