package io.meterline.ingest.charges;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ChargeTest {

    private static final String ADMIN_CHARGES = "/v1/admin/customers/{id}/charges";

    @Test
    void aChargePostsOnceAndARetryAnswersTheOriginal() {
        Charges.Customer acme = Charges.customer("charge");
        AdminApi.topUp(acme.id(), "100", "t1");
        Map<String, Object> body = Map.of("request_id", "r1", "amount", "25.5", "feature_id", "pdf",
                "description", "Quarterly report", "metadata", Map.of("pages", 3));
        int ledgerId = acme.api().body(body).post("/v1/charges").then().statusCode(201)
                .body("customer_id", equalTo(acme.id())).body("request_id", equalTo("r1"))
                .body("status", equalTo("CHARGED")).body("amount", equalTo("25.500000000000"))
                .body("refunded_amount", equalTo("0.000000000000")).body("feature_id", equalTo("pdf"))
                .body("metadata.pages", equalTo(3))
                .body("ledger_transaction.type", equalTo("CHARGE"))
                .body("ledger_transaction.amount", equalTo("-25.500000000000"))
                .body("ledger_transaction.balance_before", equalTo("100.000000000000"))
                .body("ledger_transaction.balance_after", equalTo("74.500000000000"))
                .body("ledger_transaction.idempotency_key", equalTo("charge:r1"))
                .extract().path("ledger_transaction.id");

        acme.api().body(Map.of("request_id", "r1", "amount", 25.50, "feature_id", "pdf")).post("/v1/charges")
                .then().statusCode(200).body("ledger_transaction.id", equalTo(ledgerId))
                .body("description", equalTo("Quarterly report"));
        acme.api().body(Map.of("request_id", "r1", "amount", "25.51", "feature_id", "pdf")).post("/v1/charges")
                .then().statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));
        acme.api().body(Map.of("request_id", "r1", "amount", "25.5", "feature_id", "image")).post("/v1/charges")
                .then().statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));

        acme.api().get("/v1/charges/{r}", "r1").then().statusCode(200).body("ledger_transaction.id", equalTo(ledgerId));
        admin().get(ADMIN_CHARGES + "/{r}", acme.id(), "r1").then().statusCode(200).body("amount", equalTo("25.500000000000"));
        admin().get("/v1/admin/customers/{id}/wallet/transactions", acme.id()).then().statusCode(200)
                .body("data.type", contains("CHARGE", "TOP_UP")).body("data[0].id", equalTo(ledgerId));
        admin().get("/v1/admin/customers/{id}/wallet", acme.id()).then().body("balance", equalTo("74.500000000000"));
        assertEquals(2, Charges.ledgerRows(acme.id()));
        Audit.assertClean(acme.id());
    }

    @Test
    void aCustomerSeesOnlyItsOwnCharges() {
        Charges.Customer owner = Charges.customer("owner");
        Charges.Customer other = Charges.customer("other");
        owner.api().body(Map.of("request_id", "mine", "amount", "1")).post("/v1/charges").then().statusCode(201);
        other.api().get("/v1/charges/{r}", "mine").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        owner.api().get("/v1/charges/{r}", "nothing").then().statusCode(404);
        given().get("/v1/charges/{r}", "mine").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("request_id", "x", "amount", "1")).post("/v1/charges")
                .then().statusCode(401);
        // the same request_id is another charge for another customer
        other.api().body(Map.of("request_id", "mine", "amount", "2")).post("/v1/charges").then().statusCode(201)
                .body("ledger_transaction.balance_after", equalTo("-2.000000000000"));
        Audit.assertClean(owner.id(), other.id());
    }

    @Test
    void tenConcurrentIdenticalChargesPostOneLedgerRow() throws Exception {
        Charges.Customer acme = Charges.customer("race");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> acme.api().body(Map.of("request_id", "same", "amount", "10", "feature_id", "img"))
                    .post("/v1/charges").then().extract().statusCode());
        }
        List<Integer> statuses = Charges.concurrently(calls);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, Charges.ledgerRows(acme.id()));
        assertEquals(1, Charges.count("SELECT count(*) FROM charges WHERE customer_id = ?", acme.id()));
        admin().get("/v1/admin/customers/{id}/wallet", acme.id()).then().body("balance", equalTo("-10.000000000000"))
                .body("status", equalTo("DEPLETED"));
        Audit.assertClean(acme.id());
    }

    @Test
    void theAdminFormChargesAnyCustomer() {
        String customer = AdminApi.createCustomer("admincharge");
        admin().body(Map.of("request_id", "a1", "amount", "0.000000000000000001")).post(ADMIN_CHARGES, customer)
                .then().statusCode(201).body("amount", equalTo("0.000000000000000001"))
                .body("feature_id", equalTo(null)).body("ledger_transaction.description", equalTo("charge a1"));
        admin().body(Map.of("request_id", "a1", "amount", "0.000000000000000001")).post(ADMIN_CHARGES, customer)
                .then().statusCode(200);
        admin().body(Map.of("request_id", "a1", "amount", "1")).post(ADMIN_CHARGES, AdminApi.uniqueId("nobody"))
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().contentType(ContentType.JSON).body(Map.of("request_id", "a2", "amount", "1"))
                .post(ADMIN_CHARGES, customer).then().statusCode(401);
        admin().get(ADMIN_CHARGES + "/{r}", customer, "nope").then().statusCode(404);
        Audit.assertClean(customer);
    }

    @Test
    void badChargesAreRefusedNamingTheFieldAndChangeNothing() {
        Charges.Customer acme = Charges.customer("badcharge");
        Object[][] cases = {
            {Map.of("amount", "1"), "request_id"},
            {Map.of("request_id", "", "amount", "1"), "request_id"},
            {Map.of("request_id", "a\u0000b", "amount", "1"), "request_id"},
            {Map.of("request_id", "x".repeat(257), "amount", "1"), "request_id"},
            {Map.of("request_id", "b"), "amount"},
            {Map.of("request_id", "b", "amount", "0"), "amount"},
            {Map.of("request_id", "b", "amount", "-3"), "amount"},
            {Map.of("request_id", "b", "amount", "1000000000000000.000000000000000001"), "amount"},
            {Map.of("request_id", "b", "amount", "0.0000000000000000001"), "amount"},
            {Map.of("request_id", "b", "amount", "ten"), "amount"},
            {Map.of("request_id", "b", "amount", "1", "feature_id", "f".repeat(129)), "feature_id"},
            {Map.of("request_id", "b", "amount", "1", "description", "\u0007"), "description"},
            {Map.of("request_id", "b", "amount", "1", "metadata", List.of(1)), "metadata"},
            {Map.of("request_id", "b", "amount", "1", "metadata", Map.of("k", "\u0000")), "metadata"},
            {Map.of("request_id", "b", "amount", "1", "metadata", Map.of("k", "v".repeat(5000))), "metadata"},
        };
        for (Object[] c : cases) {
            acme.api().body(c[0]).post("/v1/charges").then().statusCode(422)
                    .body("details.field", hasItem(c[1])).body("error", equalTo("VALIDATION_ERROR"));
        }
        acme.api().body(Map.of("request_id", 7, "amount", "1")).post("/v1/charges").then().statusCode(422)
                .body("details[0].field", equalTo("request_id"));
        acme.api().body("{\"request_id\": \"b\", \"amount\": 1, \"amount\": 2}").post("/v1/charges")
                .then().statusCode(400);
        acme.api().body("{\"request_id\": ").post("/v1/charges").then().statusCode(400);
        acme.api().post("/v1/charges").then().statusCode(400);
        assertEquals(0, Charges.ledgerRows(acme.id()));
        assertEquals(0, Charges.count("SELECT count(*) FROM charges WHERE customer_id = ?", acme.id()));
        Audit.assertClean(acme.id());
    }

    @Test
    void chargesAndRefundsArePublishedOnWalletMovements() {
        Charges.Customer acme = Charges.customer("movement");
        acme.api().body(Map.of("request_id", "m1", "amount", "12", "feature_id", "pdf", "metadata", Map.of("a", 1)))
                .post("/v1/charges").then().statusCode(201);
        acme.api().body(Map.of("refund_id", "f1", "charge_request_id", "m1", "amount", "2", "reason", "late"))
                .post("/v1/refunds").then().statusCode(201);

        var records = Charges.movements(acme.id(), 2);
        var charge = records.stream().filter(r -> r.get("type").asText().equals("CHARGE")).findFirst().orElseThrow();
        assertEquals("-12.000000000000", charge.get("amount").asText());
        assertEquals("m1", charge.get("request_id").asText());
        assertEquals("pdf", charge.get("feature_id").asText());
        assertEquals(1, charge.get("metadata").get("a").asInt());
        assertEquals(1, charge.get("seq").asLong());
        // the ledger figures, which the drain takes from the ledger row (the outbox record is written before it)
        assertEquals(0, new BigDecimal(charge.get("balance_before").asText()).add(new BigDecimal("-12"))
                .compareTo(new BigDecimal(charge.get("balance_after").asText())));
        assertTrue(charge.get("ledger_tx_id").asLong() > 0);
        assertTrue(charge.hasNonNull("occurred_at"));
        assertEquals(1, charge.get("schema_version").asInt());
        var refund = records.stream().filter(r -> r.get("type").asText().equals("REFUND")).findFirst().orElseThrow();
        assertEquals("2.000000000000", refund.get("amount").asText());
        assertEquals("-10.000000000000", refund.get("balance_after").asText());
        assertEquals("m1", refund.get("charge_request_id").asText());
        assertEquals(charge.get("ledger_tx_id").asLong(), refund.get("original_ledger_tx_id").asLong());
        assertEquals("late", refund.get("reason").asText());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Charges.count(
                "SELECT count(*) FROM wallet_movement_outbox WHERE customer_id = ?", acme.id()) == 0);
        Audit.assertClean(acme.id());
    }
}
