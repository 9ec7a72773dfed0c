package io.meterline.aggregation.renewals;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** POST /v1/admin/renewals/run: the dry run lists what the run then does, and writes nothing itself. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RenewalResourceTest {

    private static final String RUN = "/v1/admin/renewals/run";
    private static final String ADMIN = "Bearer test-admin-token";
    private static final Duration WAIT = Duration.ofMinutes(1);

    @Inject
    Pool pool;

    @Test
    void theDryRunShowsWhatTheRunDoesWithoutWriting() {
        String customer = "renew-http-" + UUID.randomUUID().toString().substring(0, 8);
        String plan = "plan-" + UUID.randomUUID().toString().substring(0, 8);
        Instant startsAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        UUID sub = UUID.randomUUID();
        sql("INSERT INTO customers (id, name) VALUES ($1, $1)", customer);
        sql("INSERT INTO wallets (customer_id) VALUES ($1)", customer);
        pool.preparedQuery("""
                INSERT INTO plans (plan_id, version, name, monthly_credits, rollover, rollover_max, grant_priority,
                                   created_at)
                VALUES ($1, 1, 'Pro', 250, 'CAPPED', 100, 7, now() - interval '1 day')""")
                .execute(Tuple.of(plan)).await().atMost(WAIT);
        pool.preparedQuery("""
                INSERT INTO subscriptions (id, customer_id, plan_id, anchor_day, starts_at, next_period_start, status)
                VALUES ($1, $2, $3, 1, $4, $4, 'ACTIVE')""")
                .execute(Tuple.of(sub, customer, plan, startsAt.atOffset(ZoneOffset.UTC))).await().atMost(WAIT);

        long before = written(customer);
        String find = "renewals.find { it.customer_id == '" + customer + "' }";
        Map<String, Object> planned = given().header("Authorization", ADMIN).queryParam("dry_run", "true").post(RUN)
                .then().statusCode(200).body("dry_run", equalTo(true))
                .body(find + ".plan_id", equalTo(plan)).body(find + ".plan_version", equalTo(1))
                .body(find + ".period_start", equalTo(startsAt.toString()))
                .body(find + ".credits", equalTo("250.000000000000")).body(find + ".carried", equalTo("0.000000000000"))
                .body(find + ".granted", equalTo("250.000000000000")).body(find + ".grant_priority", equalTo(7))
                .extract().path(find);
        assertEquals(before, written(customer), "the dry run wrote nothing");

        Map<String, Object> done = given().header("Authorization", ADMIN).post(RUN).then().statusCode(200)
                .body("dry_run", equalTo(false)).extract().path(find);
        assertEquals(planned, done);
        given().header("Authorization", ADMIN).queryParam("dry_run", "true").post(RUN).then().statusCode(200)
                .body(find, equalTo(null));
        sql("UPDATE subscriptions SET status = 'ENDED', ended_at = now() WHERE customer_id = $1", customer);
        Audit.assertClean(customer);
    }

    @Test
    void theTokenIsRequiredAndDryRunIsABoolean() {
        given().post(RUN).then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", ADMIN).queryParam("dry_run", "maybe").post(RUN).then().statusCode(422)
                .body("details[0].field", equalTo("dry_run"));
    }

    private long written(String customer) {
        long n = 0;
        for (String table : List.of("wallet_transactions", "subscription_periods", "credit_grants",
                "webhook_deliveries")) {
            n += pool.preparedQuery("SELECT count(*) FROM " + table + " WHERE customer_id = $1")
                    .execute(Tuple.of(customer)).await().atMost(WAIT).iterator().next().getLong(0);
        }
        return n;
    }

    private void sql(String sql, String param) {
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(WAIT);
    }
}
