package io.meterline.ingest.wallets;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminWalletTest {

    private static final String TOP_UPS = "/v1/admin/customers/{id}/wallet/top-ups";
    private static final String ADJUSTMENTS = "/v1/admin/customers/{id}/wallet/adjustments";

    @Test
    void topUpCreditsOnceAndAReplayAnswersTheOriginalRow() {
        String customer = AdminApi.createCustomer("topup");
        int id = admin().body(Map.of("amount", "500.25", "idempotency_key", "inv-1", "description", "Invoice 1"))
                .post(TOP_UPS, customer).then().statusCode(201)
                .body("type", equalTo("TOP_UP")).body("amount", equalTo("500.250000000000"))
                .body("balance_before", equalTo("0.000000000000")).body("balance_after", equalTo("500.250000000000"))
                .body("description", equalTo("Invoice 1")).extract().path("id");
        admin().body(Map.of("amount", 500.25, "idempotency_key", "inv-1"))
                .post(TOP_UPS, customer).then().statusCode(200).body("id", equalTo(id))
                .body("description", equalTo("Invoice 1"));
        admin().body(Map.of("amount", "500.26", "idempotency_key", "inv-1"))
                .post(TOP_UPS, customer).then().statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));
        admin().get("/v1/admin/customers/{id}/wallet", customer).then().statusCode(200)
                .body("customer_id", equalTo(customer)).body("balance", equalTo("500.250000000000"))
                .body("low_balance_threshold", equalTo("0.000000000000")).body("status", equalTo("OK"));
    }

    @Test
    void badTopUpsAreRefused() {
        String customer = AdminApi.createCustomer("badtopup");
        for (Object amount : new Object[] {"0", "-5", 0, "0.0000000000000000001", "123456789012345678901"}) {
            admin().body(Map.of("amount", amount, "idempotency_key", "k")).post(TOP_UPS, customer)
                    .then().statusCode(422).body("details.field", contains("amount"));
        }
        admin().body(Map.of("amount", "ten", "idempotency_key", "k")).post(TOP_UPS, customer)
                .then().statusCode(422).body("details[0].field", equalTo("amount"));
        admin().body(Map.of("amount", true, "idempotency_key", "k")).post(TOP_UPS, customer).then().statusCode(422);
        admin().body(Map.of("amount", "5")).post(TOP_UPS, customer).then().statusCode(422)
                .body("details.field", contains("idempotency_key"));
        admin().body("[1, 2").post(TOP_UPS, customer).then().statusCode(400);
        admin().post(TOP_UPS, customer).then().statusCode(400);
        admin().body(Map.of("amount", "5", "idempotency_key", "k")).post(TOP_UPS, AdminApi.uniqueId("nobody"))
                .then().statusCode(404);
        admin().get("/v1/admin/customers/{id}/wallet", customer).then().body("balance", equalTo("0.000000000000"));
    }

    @Test
    void adjustmentsAreSignedIdempotentAndNeedAReason() {
        String customer = AdminApi.createCustomer("adjust");
        AdminApi.topUp(customer, "100", "t1");
        admin().body(Map.of("amount", "-25.5", "reason", "duplicate charge", "idempotency_key", "a1"))
                .post(ADJUSTMENTS, customer).then().statusCode(201).body("type", equalTo("ADJUSTMENT"))
                .body("amount", equalTo("-25.500000000000")).body("balance_after", equalTo("74.500000000000"))
                .body("description", equalTo("duplicate charge"));
        admin().body(Map.of("amount", "-25.50", "reason", "duplicate charge", "idempotency_key", "a1"))
                .post(ADJUSTMENTS, customer).then().statusCode(200);
        admin().body(Map.of("amount", "-25.5", "reason", "x", "idempotency_key", "t1"))
                .post(ADJUSTMENTS, customer).then().statusCode(409);
        admin().body(Map.of("amount", "0", "reason", "x", "idempotency_key", "a2")).post(ADJUSTMENTS, customer)
                .then().statusCode(422).body("details.field", contains("amount"));
        admin().body(Map.of("amount", "3", "idempotency_key", "a3")).post(ADJUSTMENTS, customer)
                .then().statusCode(422).body("details.field", contains("reason"));
        admin().get("/v1/admin/customers/{id}/wallet", customer).then().body("balance", equalTo("74.500000000000"));
    }

    @Test
    void twentyConcurrentRetriesCreditExactlyOnce() throws Exception {
        String customer = AdminApi.createCustomer("race");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> admin().body(Map.of("amount", "10", "idempotency_key", "same-key"))
                        .post(TOP_UPS, customer).then().extract().statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            Audit.assertClean(customer);
        } finally {
            pool.shutdownNow();
        }
        try (Connection db = AdminApi.db();
                PreparedStatement q = db.prepareStatement("""
                        SELECT (SELECT count(*) FROM wallet_transactions WHERE customer_id = ?) AS rows,
                               (SELECT balance FROM wallets WHERE customer_id = ?) AS balance""")) {
            q.setString(1, customer);
            q.setString(2, customer);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                assertEquals(1, r.getInt("rows"));
                assertEquals(0, new BigDecimal("10").compareTo(r.getBigDecimal("balance")));
            }
        }
    }

    @Test
    void ledgerChainsAcrossConcurrentTopUpsAndAdjustments() throws Exception {
        String customer = AdminApi.createCustomer("chain");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String key = "k" + i;
                calls.add(() -> (key.hashCode() % 3 == 0
                        ? admin().body(Map.of("amount", "-1.5", "reason", "r", "idempotency_key", key)).post(ADJUSTMENTS, customer)
                        : admin().body(Map.of("amount", "7.25", "idempotency_key", key)).post(TOP_UPS, customer))
                        .then().extract().statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertEquals(201, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal previousAfter = BigDecimal.ZERO;
        try (Connection db = AdminApi.db();
                PreparedStatement q = db.prepareStatement(
                        "SELECT amount, balance_before, balance_after FROM wallet_transactions WHERE customer_id = ? ORDER BY seq")) {
            q.setString(1, customer);
            try (ResultSet r = q.executeQuery()) {
                int rows = 0;
                while (r.next()) {
                    rows++;
                    assertEquals(0, previousAfter.compareTo(r.getBigDecimal("balance_before")), "row " + rows);
                    assertEquals(0, r.getBigDecimal("balance_before").add(r.getBigDecimal("amount"))
                            .compareTo(r.getBigDecimal("balance_after")));
                    previousAfter = r.getBigDecimal("balance_after");
                    sum = sum.add(r.getBigDecimal("amount"));
                }
                assertEquals(16, rows);
            }
        }
        String balance = admin().get("/v1/admin/customers/{id}/wallet", customer).then().extract().path("balance");
        assertEquals(0, sum.compareTo(new BigDecimal(balance)));
        assertEquals(0, previousAfter.compareTo(new BigDecimal(balance)));
        Audit.assertClean(customer);
    }

    @Test
    void transactionsAreNewestFirstAndPaged() {
        String customer = AdminApi.createCustomer("ledger");
        AdminApi.topUp(customer, "1", "l1");
        AdminApi.topUp(customer, "2", "l2");
        AdminApi.topUp(customer, "3", "l3");
        String cursor = admin().queryParam("limit", 2).get("/v1/admin/customers/{id}/wallet/transactions", customer)
                .then().statusCode(200).body("data.idempotency_key", contains("l3", "l2"))
                .extract().path("next_cursor");
        admin().queryParam("limit", 2).queryParam("cursor", cursor)
                .get("/v1/admin/customers/{id}/wallet/transactions", customer)
                .then().statusCode(200).body("data.idempotency_key", contains("l1")).body("next_cursor", nullValue());
        admin().get("/v1/admin/customers/{id}/wallet/transactions", customer).then().body("data", hasSize(3));
        admin().queryParam("cursor", "@@").get("/v1/admin/customers/{id}/wallet/transactions", customer)
                .then().statusCode(400);
        admin().get("/v1/admin/customers/{id}/wallet/transactions", AdminApi.uniqueId("nobody")).then().statusCode(404);
        admin().get("/v1/admin/customers/{id}/wallet", AdminApi.uniqueId("nobody")).then().statusCode(404);
    }
}
