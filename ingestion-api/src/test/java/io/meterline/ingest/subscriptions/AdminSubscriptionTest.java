package io.meterline.ingest.subscriptions;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.Posting;
import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The subscription admin API. The period grants come from the aggregation worker's renewal job (tested there);
 * here one period is issued the way that job does it, to see the GET count it.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminSubscriptionTest {

    private static final String SUBSCRIPTION = "/v1/admin/customers/{id}/subscription";
    private static final Duration WAIT = Duration.ofMinutes(1);

    @Inject
    Pool pool;

    private static String plan(String credits) {
        String id = AdminApi.uniqueId("plan");
        Map<String, Object> body = new HashMap<>();
        body.put("plan_id", id);
        body.put("name", "Pro");
        body.put("monthly_credits", credits);
        body.put("rollover", "FULL");
        admin().body(body).post("/v1/admin/plans").then().statusCode(201);
        return id;
    }

    private static Map<String, Object> subscribe(String plan, Integer anchor, Object startsAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("plan_id", plan);
        if (anchor != null) {
            body.put("anchor_day", anchor);
        }
        if (startsAt != null) {
            body.put("starts_at", startsAt.toString());
        }
        return body;
    }

    @Test
    void subscribeShowsTheCurrentPeriodAndCancelEndsItAtThePeriodEnd() {
        String customer = AdminApi.createCustomer("sub");
        String plan = plan("100");
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant nextMonth = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String id = admin().body(subscribe(plan, 1, monthStart)).post(SUBSCRIPTION, customer).then().statusCode(201)
                .body("status", equalTo("ACTIVE")).body("plan.plan_id", equalTo(plan))
                .body("plan.version", equalTo(1)).body("anchor_day", equalTo(1))
                .body("current_period.start", equalTo(monthStart.toString()))
                .body("current_period.end", equalTo(nextMonth.toString()))
                .body("current_period.issued", equalTo(false))
                .body("next_renewal", equalTo(nextMonth.toString()))
                .body("credits_granted", equalTo("0.000000000000")).body("periods_issued", equalTo(0))
                .body("cancel_at", nullValue()).extract().path("subscription_id");
        admin().body(subscribe(plan, null, null)).post(SUBSCRIPTION, customer).then().statusCode(409)
                .body("error", equalTo("SUBSCRIPTION_EXISTS"));

        issue(customer, UUID.fromString(id), monthStart, nextMonth, new BigDecimal("100"));
        admin().get(SUBSCRIPTION, customer).then().statusCode(200)
                .body("current_period.issued", equalTo(true)).body("current_period.plan_version", equalTo(1))
                .body("current_period.grant_id", equalTo("plan:" + id + ":" + monthStart))
                .body("credits_granted", equalTo("100.000000000000")).body("periods_issued", equalTo(1));

        admin().delete(SUBSCRIPTION, customer).then().statusCode(200).body("status", equalTo("ACTIVE"))
                .body("cancel_at", equalTo(nextMonth.toString())).body("next_renewal", nullValue());
        admin().delete(SUBSCRIPTION, customer).then().statusCode(200).body("cancel_at", equalTo(nextMonth.toString()));
        // still live until the period's end
        admin().body(subscribe(plan, null, null)).post(SUBSCRIPTION, customer).then().statusCode(409);
        // the current grant keeps its expiry
        admin().get("/v1/admin/customers/{id}/grants", customer).then().statusCode(200)
                .body("data[0].state", equalTo("ACTIVE")).body("data[0].expires_at", equalTo(nextMonth.toString()));
        Audit.assertClean(customer);
    }

    @Test
    void aSubscriptionNotYetStartedEndsAtOnceWhenCancelled() {
        String customer = AdminApi.createCustomer("sub-later");
        String plan = plan("50");
        Instant startsAt = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        admin().body(subscribe(plan, null, startsAt)).post(SUBSCRIPTION, customer).then().statusCode(201)
                .body("anchor_day", equalTo(LocalDate.ofInstant(startsAt, ZoneOffset.UTC).getDayOfMonth()))
                .body("current_period", nullValue()).body("next_renewal", equalTo(startsAt.toString()));
        admin().delete(SUBSCRIPTION, customer).then().statusCode(200).body("status", equalTo("ENDED"))
                .body("next_renewal", nullValue());
        admin().body(subscribe(plan, 31, null)).post(SUBSCRIPTION, customer).then().statusCode(201)
                .body("status", equalTo("ACTIVE")).body("anchor_day", equalTo(31));
        Audit.assertClean(customer);
    }

    @Test
    void invalidUnknownAndMissingAreAnsweredByTheirStatus() {
        String customer = AdminApi.createCustomer("sub-bad");
        String plan = plan("10");
        admin().body(subscribe(plan, 32, null)).post(SUBSCRIPTION, customer).then().statusCode(422)
                .body("details.field", hasItem("anchor_day"));
        admin().body(subscribe(plan, 0, null)).post(SUBSCRIPTION, customer).then().statusCode(422);
        admin().body(subscribe(plan, null, Instant.now().minus(400, ChronoUnit.DAYS))).post(SUBSCRIPTION, customer)
                .then().statusCode(422).body("details.field", hasItem("starts_at"));
        admin().body(subscribe(null, null, null)).post(SUBSCRIPTION, customer).then().statusCode(422)
                .body("details.field", hasItem("plan_id"));
        admin().body(subscribe("no-such-plan", null, null)).post(SUBSCRIPTION, customer).then().statusCode(404);
        admin().body(subscribe(plan, null, null)).post(SUBSCRIPTION, "no-such-customer").then().statusCode(404);
        admin().get(SUBSCRIPTION, customer).then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        admin().delete(SUBSCRIPTION, customer).then().statusCode(404);
        Audit.assertClean(customer);
    }

    /** What the renewal job does for one period (its own test covers it): period row, PLAN grant, GRANT row. */
    private void issue(String customer, UUID sub, Instant start, Instant end, BigDecimal credits) {
        String grant = "plan:" + sub + ":" + start;
        pool.withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO subscription_periods (subscription_id, period_start, period_end, customer_id, plan_id,
                                                  plan_version, credits, carried, grant_id)
                SELECT id, $2, $3, customer_id, plan_id, 1, $4, 0, $5 FROM subscriptions WHERE id = $1""")
                .execute(Tuple.of(sub, start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC), credits, grant))
                .flatMap(ignored -> tx.preparedQuery("""
                        INSERT INTO credit_grants (customer_id, grant_id, source, priority, amount, effective_at,
                                                   expires_at, state)
                        VALUES ($1, $2, 'PLAN', 100, $3, $4, $5, 'PENDING')""")
                        .execute(Tuple.of(customer, grant, credits, start.atOffset(ZoneOffset.UTC),
                                end.atOffset(ZoneOffset.UTC))))
                .flatMap(ignored -> Ledger.post(tx, Posting.of(customer, "GRANT", credits, "grant:" + grant, "plan")
                        .withGrant(grant)))
                .flatMap(ignored -> tx.preparedQuery("UPDATE subscriptions SET next_period_start = $2 WHERE id = $1")
                        .execute(Tuple.of(sub, end.atOffset(ZoneOffset.UTC)))))
                .await().atMost(WAIT);
    }
}
