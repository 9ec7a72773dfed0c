package io.meterline.ingest.wallets;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.audit.AuditCheck;
import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Auto top-up requests: configured through PATCH /v1/admin/customers/{id}, decided by the ledger's trigger once per
 * crossing of the available balance below the threshold (charges, holds, concurrent writes), re-armed by the grant
 * posted with the request id (idempotent), announced on wallet-alerts and as a webhook.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AutoTopUpTest {

    private static final String CUSTOMER = "/v1/admin/customers/{id}";
    private static final String WALLET = "/v1/admin/customers/{id}/wallet";

    @Test
    void autoTopUpIsSetShownAndSwitchedOff() {
        String id = AdminApi.createCustomer("atu-config");
        admin().get(WALLET, id).then().statusCode(200).body("auto_top_up", nullValue());
        admin().body(Map.of("auto_top_up", Map.of("threshold", "0", "target", "0.5"))).patch(CUSTOMER, id).then()
                .statusCode(200).body("wallet.auto_top_up.threshold", equalTo("0.000000000000"))
                .body("wallet.auto_top_up.target", equalTo("0.500000000000"))
                .body("wallet.auto_top_up.pending_request_id", nullValue());
        admin().body(Map.of("auto_top_up", Map.of("threshold", "100", "target", "500"), "name", "Renamed"))
                .patch(CUSTOMER, id).then().statusCode(200).body("name", equalTo("Renamed"));
        admin().get(WALLET, id).then().statusCode(200).body("auto_top_up.threshold", equalTo("100.000000000000"))
                .body("auto_top_up.target", equalTo("500.000000000000"));
        admin().body(Map.of("name", "Other")).patch(CUSTOMER, id).then().statusCode(200)
                .body("wallet.auto_top_up.target", equalTo("500.000000000000"));
        admin().body(Map.of("auto_top_up", Map.of("enabled", false))).patch(CUSTOMER, id).then().statusCode(200)
                .body("wallet.auto_top_up", nullValue());
        admin().body(Map.of("auto_top_up", Map.of("threshold", "1", "target", "2")))
                .patch(CUSTOMER, AdminApi.uniqueId("nobody")).then().statusCode(404);
        Audit.assertClean(id);
    }

    @Test
    void invalidAutoTopUpIsRefusedNamingTheField() {
        String id = AdminApi.createCustomer("atu-invalid");
        Object[][] cases = {
            {Map.of("target", "5"), "auto_top_up.threshold"},
            {Map.of("threshold", "5"), "auto_top_up.target"},
            {Map.of("threshold", "-1", "target", "5"), "auto_top_up.threshold"},
            {Map.of("threshold", "5", "target", "5"), "auto_top_up.target"},
            {Map.of("threshold", "5", "target", "4.999"), "auto_top_up.target"},
            {Map.of("threshold", "ten", "target", "50"), "auto_top_up.threshold"},
            {Map.of("threshold", "1", "target", "1000000000000000.1"), "auto_top_up.target"},
            {Map.of("threshold", "1", "target", "2.0000000000000000001"), "auto_top_up.target"},
            {Map.of("threshold", "1", "target", "2", "enabled", false), "auto_top_up.enabled"},
            {5, "auto_top_up"},
        };
        for (Object[] c : cases) {
            admin().body(Map.of("auto_top_up", c[0], "name", "Never")).patch(CUSTOMER, id).then().statusCode(422)
                    .body("error", equalTo("VALIDATION_ERROR")).body("details.field", hasItem(c[1]));
        }
        admin().get(CUSTOMER, id).then().statusCode(200).body("name", equalTo("Test " + id))
                .body("wallet.auto_top_up", nullValue());
        Audit.assertClean(id);
    }

    @Test
    void oneRequestPerCrossingUntilTheRequestedGrantLands() {
        TopUps.Customer acme = TopUps.customer("atu-cross", "300", "100", "500");
        assertEquals(201, acme.charge("c1", "150")); // 300 -> 150: above the threshold
        assertEquals(0, TopUps.requests(acme.id()).size());
        assertEquals(201, acme.charge("c2", "100")); // 150 -> 50: crosses
        assertEquals(201, acme.charge("c3", "10"));  // 50 -> 40: still below, no new request
        assertEquals(201, acme.charge("c4", "40"));  // 40 -> 0
        List<List<String>> requests = TopUps.requests(acme.id());
        assertEquals(1, requests.size());
        String request = requests.get(0).get(0);
        assertMoney("450", requests.get(0).get(1)); // target 500 - available 50
        assertMoney("50", requests.get(0).get(2));
        admin().get(WALLET, acme.id()).then().body("auto_top_up.pending_request_id", equalTo(request));

        JsonNode alert = TopUps.alerts(acme.id(), 1).get(0);
        assertEquals("TOP_UP_REQUESTED", alert.get("type").asText());
        assertEquals(request, alert.get("request_id").asText());
        assertEquals(request, alert.get("alert_id").asText());
        assertMoney("450", alert.get("amount").asText());
        assertMoney("100", alert.get("threshold").asText());
        assertMoney("500", alert.get("target").asText());
        assertMoney("50", alert.get("balance").asText());
        assertMoney("0", alert.get("held").asText());
        assertMoney("50", alert.get("available").asText());
        List<JsonNode> sent = TopUps.deliveries(acme.endpoint());
        assertEquals(1, sent.size());
        assertEquals("wallet.top_up_requested", sent.get(0).get("type").asText());
        assertEquals(request, sent.get(0).get("data").get("request_id").asText());
        assertMoney("450", sent.get(0).get("data").get("amount").asText());

        // the receiving system posts the grant with the request id; its retry credits nothing more
        Map<String, Object> grant = Map.of("grant_id", request, "amount", "450", "source", "PURCHASE");
        admin().body(grant).post(WALLET.replace("/wallet", "/grants"), acme.id()).then().statusCode(201)
                .body("grant_id", equalTo(request)).body("state", equalTo("ACTIVE"));
        admin().body(grant).post(WALLET.replace("/wallet", "/grants"), acme.id()).then().statusCode(200)
                .body("grant_id", equalTo(request));
        admin().get(WALLET, acme.id()).then().body("balance", equalTo("450.000000000000"))
                .body("auto_top_up.pending_request_id", nullValue());
        assertEquals(1, TopUps.rows("SELECT 1 FROM wallet_transactions WHERE customer_id = ? AND type = 'GRANT'",
                acme.id()).size());

        assertEquals(201, acme.charge("c5", "370")); // 450 -> 80: the next crossing
        requests = TopUps.requests(acme.id());
        assertEquals(2, requests.size());
        assertMoney("420", requests.get(1).get(1));
        assertEquals(2, TopUps.deliveries(acme.endpoint()).size());
        assertEquals(requests.get(1).get(0), TopUps.alerts(acme.id(), 2).get(1).get("request_id").asText());
        disable(acme);
        Audit.assertClean(acme.id());
    }

    @Test
    void anAdminTopUpReArmsAndAHoldThatCrossesRequests() {
        TopUps.Customer acme = TopUps.customer("atu-hold", "300", "100", "500");
        // a hold (simulated: the reservation functions of V24 are not on main yet) takes available to 50
        TopUps.sql("UPDATE wallets SET held = 250 WHERE customer_id = ?", acme.id());
        TopUps.sql("UPDATE wallets SET held = 260 WHERE customer_id = ?", acme.id());
        List<List<String>> requests = TopUps.requests(acme.id());
        assertEquals(1, requests.size());
        assertMoney("450", requests.get(0).get(1)); // at the first drop: available 50, so 500 - 50
        assertMoney("300", requests.get(0).get(2));
        assertMoney("250", requests.get(0).get(3));
        assertEquals(1, TopUps.deliveries(acme.endpoint()).size());
        assertMoney("250", TopUps.deliveries(acme.endpoint()).get(0).get("data").get("held").asText());

        TopUps.sql("UPDATE wallets SET held = 0 WHERE customer_id = ?", acme.id()); // released: not a re-arm
        assertEquals(201, acme.charge("c1", "250")); // 300 -> 50, still requested
        assertEquals(1, TopUps.requests(acme.id()).size());
        AdminApi.topUp(acme.id(), "10", "manual"); // 60: any TOP_UP re-arms, even one that stays below
        admin().get(WALLET, acme.id()).then().body("auto_top_up.pending_request_id", nullValue());
        assertEquals(1, TopUps.requests(acme.id()).size()); // a credit never requests
        assertEquals(201, acme.charge("c2", "1")); // 59: a drop while armed and below
        assertEquals(2, TopUps.requests(acme.id()).size());
        assertMoney("441", TopUps.requests(acme.id()).get(1).get(1));
        disable(acme);
        Audit.assertClean(acme.id());
    }

    @Test
    void concurrentChargesThatCrossRequestOnce() throws Exception {
        TopUps.Customer acme = TopUps.customer("atu-race", "300", "100", "500");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String request = "r" + i;
                calls.add(pool.submit(() -> acme.charge(request, "30")));
            }
            for (Future<Integer> call : calls) {
                assertEquals(201, call.get());
            }
        } finally {
            pool.shutdownNow();
        }
        admin().get(WALLET, acme.id()).then().body("balance", equalTo("0.000000000000"));
        List<List<String>> requests = TopUps.requests(acme.id());
        assertEquals(1, requests.size());
        assertMoney("410", requests.get(0).get(1)); // the 7th charge crossed: 90 available
        assertEquals(1, TopUps.deliveries(acme.endpoint()).size());
        disable(acme);
        Audit.assertClean(acme.id());
    }

    @Test
    void aSecondRequestWithoutATopUpBetweenIsReported() {
        TopUps.Customer acme = TopUps.customer("atu-broken", "300", "100", "500");
        assertEquals(201, acme.charge("c1", "250"));
        Audit.assertClean(acme.id());
        String forged = "tur_" + UUID.randomUUID().toString().replace("-", "");
        String unknown = "tur_" + UUID.randomUUID().toString().replace("-", "");
        TopUps.sql("""
                INSERT INTO top_up_requests (customer_id, request_id, amount, threshold, target, balance, held,
                                             ledger_seq)
                VALUES (?, ?, 1, 100, 500, 50, 0, 2)""", acme.id(), forged);
        TopUps.sql("UPDATE wallets SET top_up_requested_id = ? WHERE customer_id = ?", unknown, acme.id());
        AuditCheck check = Audit.checks(acme.id()).stream().filter(c -> c.name().equals("top_up_once_per_crossing"))
                .findFirst().orElseThrow();
        assertEquals(2, check.violations(), check.examples().toString());
        assertEquals(Set.of(acme.id() + " request " + forged, acme.id() + " requested " + unknown),
                Set.copyOf(check.examples()));
        disable(acme);
    }

    private static void assertMoney(String expected, String actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(new BigDecimal(actual)), expected + " vs " + actual);
    }

    private static void disable(TopUps.Customer customer) {
        TopUps.sql("UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = 'ADMIN' WHERE id = ?",
                customer.endpoint());
    }
}
