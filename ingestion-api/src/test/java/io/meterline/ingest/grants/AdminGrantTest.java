package io.meterline.ingest.grants;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminGrantTest {

    private static final String GRANTS = "/v1/admin/customers/{id}/grants";
    private static final String ADJUSTMENTS = "/v1/admin/customers/{id}/wallet/adjustments";

    @Inject
    Pool pool;

    private static Map<String, Object> grant(String id, String amount, String source) {
        Map<String, Object> body = new HashMap<>();
        body.put("grant_id", id);
        body.put("amount", amount);
        body.put("source", source);
        return body;
    }

    @Test
    void aGrantIsPostedOnceAndItsRetriesAnswerTheOriginal() {
        String customer = AdminApi.createCustomer("grant");
        Map<String, Object> body = grant("promo-1", "100", "PROMOTIONAL");
        body.put("priority", 10);
        body.put("expires_at", Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        body.put("metadata", Map.of("campaign", "spring", "n", 1));
        admin().body(body).post(GRANTS, customer).then().statusCode(201)
                .body("grant_id", equalTo("promo-1")).body("state", equalTo("ACTIVE"))
                .body("amount", equalTo("100.000000000000")).body("remaining", equalTo("100.000000000000"))
                .body("priority", equalTo(10)).body("metadata.campaign", equalTo("spring"));
        Map<String, Object> same = new HashMap<>(body);
        same.put("amount", 100.0);
        same.put("metadata", Map.of("n", 1, "campaign", "spring"));
        admin().body(same).post(GRANTS, customer).then().statusCode(200).body("grant_id", equalTo("promo-1"));
        Map<String, Object> other = new HashMap<>(body);
        other.put("amount", "101");
        admin().body(other).post(GRANTS, customer).then().statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));
        Map<String, Object> otherMeta = new HashMap<>(body);
        otherMeta.put("metadata", Map.of("campaign", "autumn"));
        admin().body(otherMeta).post(GRANTS, customer).then().statusCode(409);
        admin().get("/v1/admin/customers/{id}/wallet", customer).then().body("balance", equalTo("100.000000000000"));
        admin().get("/v1/admin/customers/{id}/wallet/transactions", customer).then()
                .body("data", hasSize(1)).body("data[0].type", equalTo("GRANT"))
                .body("data[0].idempotency_key", equalTo("grant:promo-1"))
                .body("data[0].allocations.grant_id", contains("promo-1"));
        Audit.assertClean(customer);
    }

    @Test
    void tenConcurrentIdenticalGrantsPostOnce() throws Exception {
        String customer = AdminApi.createCustomer("grant-race");
        Map<String, Object> body = grant("same", "10", "PURCHASE");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> admin().body(body).post(GRANTS, customer).then().extract().statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        try (Connection db = AdminApi.db(); PreparedStatement q = db.prepareStatement("""
                SELECT (SELECT count(*) FROM wallet_transactions WHERE customer_id = ?) AS rows,
                       (SELECT count(*) FROM credit_grants WHERE customer_id = ?) AS grants""")) {
            q.setString(1, customer);
            q.setString(2, customer);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                assertEquals(1, r.getInt("rows"));
                assertEquals(1, r.getInt("grants"));
            }
        }
        Audit.assertClean(customer);
    }

    @Test
    void badGrantsAreRefusedNamingTheField() {
        String customer = AdminApi.createCustomer("grant-bad");
        Instant now = Instant.now();
        Object[][] cases = {
                {"grant_id", grant(null, "1", "PURCHASE")},
                {"grant_id", grant("has:colon", "1", "PURCHASE")},
                {"amount", grant("g", "0", "PURCHASE")},
                {"amount", grant("g", "-1", "PURCHASE")},
                {"source", grant("g", "1", "GIFT")},
                {"source", grant("g", "1", null)},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) c[1];
            admin().body(body).post(GRANTS, customer).then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                    .body("details.field", contains(c[0]));
        }
        Map<String, Object> priority = grant("g", "1", "PLAN");
        priority.put("priority", -1);
        admin().body(priority).post(GRANTS, customer).then().statusCode(422).body("details.field", contains("priority"));
        Map<String, Object> window = grant("g", "1", "PLAN");
        window.put("effective_at", now.plus(2, ChronoUnit.DAYS).toString());
        window.put("expires_at", now.plus(1, ChronoUnit.DAYS).toString());
        admin().body(window).post(GRANTS, customer).then().statusCode(422).body("details.field", contains("expires_at"));
        Map<String, Object> past = grant("g", "1", "PLAN");
        past.put("expires_at", now.minus(1, ChronoUnit.DAYS).toString());
        admin().body(past).post(GRANTS, customer).then().statusCode(422).body("details.field", contains("expires_at"));
        Map<String, Object> meta = grant("g", "1", "PLAN");
        meta.put("metadata", List.of(1));
        admin().body(meta).post(GRANTS, customer).then().statusCode(422).body("details.field", contains("metadata"));
        Map<String, Object> date = grant("g", "1", "PLAN");
        date.put("effective_at", "tomorrow");
        admin().body(date).post(GRANTS, customer).then().statusCode(422);
        admin().body("{").post(GRANTS, customer).then().statusCode(400);
        admin().body(grant("g", "1", "PLAN")).post(GRANTS, AdminApi.uniqueId("nobody")).then().statusCode(404);
        admin().get(GRANTS, customer).then().statusCode(200).body("data", hasSize(0));
        Audit.assertClean(customer);
    }

    @Test
    void aFutureGrantWaitsAndTheOverdraftIsRepaidFirst() {
        String customer = AdminApi.createCustomer("grant-future");
        admin().body(Map.of("amount", "-30", "reason", "usage before grants", "idempotency_key", "a1"))
                .post(ADJUSTMENTS, customer).then().statusCode(201).body("allocations[0].grant_id", nullValue())
                .body("allocations[0].amount", equalTo("-30.000000000000"));
        Map<String, Object> future = grant("next-month", "500", "PLAN");
        future.put("effective_at", Instant.now().plus(30, ChronoUnit.DAYS).toString());
        admin().body(future).post(GRANTS, customer).then().statusCode(201).body("state", equalTo("PENDING"))
                .body("remaining", equalTo("0.000000000000"));
        admin().body(grant("now", "100", "PURCHASE")).post(GRANTS, customer).then().statusCode(201)
                .body("remaining", equalTo("70.000000000000"));
        admin().get("/v1/admin/customers/{id}/wallet/transactions", customer).then()
                .body("data[0].allocations.grant_id", contains(null, "now"))
                .body("data[0].allocations.amount", contains("30.000000000000", "70.000000000000"));
        admin().get("/v1/admin/customers/{id}/wallet", customer).then().body("balance", equalTo("70.000000000000"))
                .body("overdraft", equalTo("0.000000000000"));
        admin().get(GRANTS, customer).then().body("data.grant_id", contains("now", "next-month"))
                .body("data.state", contains("ACTIVE", "PENDING"));
        Audit.assertClean(customer);
    }

    /**
     * A grant whose expires_at was in the future on arrival but passed while the request waited for a database
     * connection (every connection of the pool taken here, as under a burst) is refused with a 422 naming
     * expires_at, not a 500 from the table's check, and nothing is written. Found by the chaos run (two scenarios,
     * 41 and 43 answers of 500).
     */
    @Test
    void aGrantExpiringWhileItWaitsIsRefusedNamingExpiresAt() throws Exception {
        String customer = AdminApi.createCustomer("grant-late");
        int size = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.reactive.max-size", Integer.class)
                .orElse(20);
        List<SqlConnection> taken = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            taken.add(pool.getConnection().await().atMost(Duration.ofSeconds(10)));
        }
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Map<String, Object> body = grant("late", "5", "PROMOTIONAL");
            body.put("expires_at", Instant.now().plusMillis(800).toString());
            Future<Response> answer = client.submit(() -> admin().body(body).post(GRANTS, customer));
            Thread.sleep(1_500);
            taken.forEach(c -> c.close().await().indefinitely());
            taken.clear();
            answer.get().then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                    .body("details.field", contains("expires_at")).body("details.code", contains("IN_THE_PAST"));
        } finally {
            taken.forEach(c -> c.close().await().indefinitely());
            client.shutdownNow();
        }
        admin().get(GRANTS, customer).then().statusCode(200).body("data", hasSize(0));
        Audit.assertClean(customer);
    }

    @Test
    void voidRemovesTheUnusedRemainderOnce() {
        String customer = AdminApi.createCustomer("grant-void");
        admin().body(grant("v", "40", "PROMOTIONAL")).post(GRANTS, customer).then().statusCode(201);
        admin().body(Map.of("amount", "-15", "reason", "spent", "idempotency_key", "a1")).post(ADJUSTMENTS, customer)
                .then().statusCode(201).body("allocations.grant_id", contains("v"));
        admin().post(GRANTS + "/{grant}/void", customer, "v").then().statusCode(200)
                .body("state", equalTo("VOIDED")).body("remaining", equalTo("0.000000000000"));
        admin().post(GRANTS + "/{grant}/void", customer, "v").then().statusCode(200).body("state", equalTo("VOIDED"));
        admin().post(GRANTS + "/{grant}/void", customer, "nope").then().statusCode(404);
        admin().get("/v1/admin/customers/{id}/wallet/transactions", customer).then()
                .body("data[0].type", equalTo("VOID")).body("data[0].amount", equalTo("-25.000000000000"))
                .body("data", hasSize(3));
        admin().get("/v1/admin/customers/{id}/wallet", customer).then().body("balance", equalTo("0.000000000000"));
        Map<String, Object> future = grant("later", "5", "PLAN");
        future.put("effective_at", Instant.now().plus(1, ChronoUnit.DAYS).toString());
        admin().body(future).post(GRANTS, customer).then().statusCode(201);
        admin().post(GRANTS + "/{grant}/void", customer, "later").then().statusCode(200).body("state", equalTo("VOIDED"));
        Audit.assertClean(customer);
    }

    @Test
    void theBalanceShowsGrantsInBurnOrder() {
        String customer = AdminApi.createCustomer("grant-balance");
        String key = AdminApi.issueKey(customer);
        AdminApi.topUp(customer, "10", "inv-1");
        Map<String, Object> promo = grant("promo", "5", "PROMOTIONAL");
        promo.put("priority", 1);
        String expires = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        promo.put("expires_at", expires);
        admin().body(promo).post(GRANTS, customer).then().statusCode(201);
        given().header("X-Api-Key", key).get("/v1/balance").then().statusCode(200)
                .body("balance", equalTo("15.000000000000")).body("overdraft", equalTo("0.000000000000"))
                .body("grants.grant_id", contains("promo", "top_up:inv-1"))
                .body("grants.remaining", contains("5.000000000000", "10.000000000000"))
                .body("grants[0].expires_at", equalTo(expires)).body("grants[1].source", equalTo("PURCHASE"))
                .body("grants[1].expires_at", nullValue());
        Audit.assertClean(customer);
    }
}
