package io.meterline.aggregation.renewals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.aggregation.grants.GrantJob;
import io.meterline.common.audit.AuditCheck;
import io.meterline.common.billing.BillingPeriods;
import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.Posting;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The renewal job against real Postgres. Time is the job's parameter: a test runs it at the instants it chooses
 * (a period's end, months ahead), while the ledger spends by the database's clock, so burns in between draw from
 * the grant of the period that is live now. Every subscription a test makes is ended afterwards, so that later
 * runs at far instants do not renew it.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RenewalJobTest {

    private static final Duration WAIT = Duration.ofMinutes(1);

    @Inject
    Pool pool;

    @Inject
    RenewalJob job;

    @Inject
    GrantJob grantJob;

    private final List<String> customers = new ArrayList<>();

    @AfterEach
    void endSubscriptions() {
        for (String customer : customers) {
            sql("UPDATE subscriptions SET status = 'ENDED', ended_at = now() WHERE customer_id = $1 "
                    + "AND status = 'ACTIVE'", customer);
        }
    }

    @ParameterizedTest(name = "rollover {0} max {1}: carries {2} then {3}")
    @CsvSource(nullValues = "-", value = {"NONE, -, 0, 0", "CAPPED, 30, 30, 30", "FULL, -, 60, 150"})
    void rolloverCarriesTheUnusedRestAfterRealBurns(String rollover, String max, String carried2, String carried3) {
        String customer = customer();
        // the customer's backend listens for expiries (an unreachable address: only the outbox is looked at)
        sql("""
                INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret)
                VALUES (gen_random_uuid(), $1, 'https://hooks.example.invalid/meterline', ARRAY['grant.expired'],
                        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')""", customer);
        String plan = plan(rollover, max, "100", Instant.now().minus(2, ChronoUnit.DAYS));
        Instant startsAt = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        UUID sub = subscribe(customer, plan, BillingPeriods.anchorOf(startsAt), startsAt);
        Instant b1 = BillingPeriods.nextBoundary(startsAt, BillingPeriods.anchorOf(startsAt));
        Instant b2 = BillingPeriods.nextBoundary(b1, BillingPeriods.anchorOf(startsAt));

        assertEquals(List.of(startsAt + " 100 0"), mine(job.run(Instant.now()), customer));
        burn(customer, "40");                                    // from the period's grant: 60 left
        assertEquals(List.of(b1 + " 100 " + carried2), mine(job.run(b1), customer));
        burn(customer, "10");
        assertEquals(List.of(b2 + " 100 " + carried3), mine(job.run(b2), customer));
        assertEquals(List.of(), mine(job.run(b2), customer));   // a repeated run grants nothing

        BigDecimal c2 = new BigDecimal(carried2);
        BigDecimal c3 = new BigDecimal(carried3);
        assertEquals(List.of("GRANT 100", "ADJUSTMENT -40", "EXPIRE -60", "GRANT " + c2.add(BigDecimal.valueOf(100)),
                "ADJUSTMENT -10", "EXPIRE -" + c2.add(BigDecimal.valueOf(90)), "GRANT " + c3.add(BigDecimal.valueOf(100))),
                strings("SELECT type || ' ' || trim_scale(amount) FROM wallet_transactions WHERE customer_id = $1 "
                        + "ORDER BY seq", customer));
        assertEquals(List.of("3 " + sub), strings("SELECT count(*) || ' ' || min(subscription_id::text) "
                + "FROM subscription_periods WHERE customer_id = $1", customer));
        // the expiries the renewal did are announced like the grants job's
        assertEquals("2", strings("SELECT count(*)::text FROM webhook_deliveries WHERE customer_id = $1 "
                + "AND event_type = 'grant.expired'", customer).get(0));
        Audit.assertClean(customer);
    }

    @Test
    void aGrantTheGrantsJobExpiredCarriesWhatItsExpireRowTook() {
        String customer = customer();
        String plan = plan("FULL", null, "100", Instant.now().minus(2, ChronoUnit.DAYS));
        Instant startsAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        subscribe(customer, plan, 31, startsAt);
        mine(job.run(Instant.now()), customer);
        burn(customer, "30");
        sql("UPDATE credit_grants SET expires_at = now() - interval '1 second' WHERE customer_id = $1", customer);
        grantJob.run().await().atMost(WAIT);                     // EXPIRE -70 before the renewal came
        Instant b1 = BillingPeriods.nextBoundary(startsAt, 31);
        assertEquals(List.of(b1 + " 100 70"), mine(job.run(b1), customer));
        assertEquals(List.of("GRANT 100", "ADJUSTMENT -30", "EXPIRE -70", "GRANT 170"), strings(
                "SELECT type || ' ' || trim_scale(amount) FROM wallet_transactions WHERE customer_id = $1 ORDER BY seq",
                customer));
        Audit.assertClean(customer);
    }

    @Test
    void twoConcurrentRunsAndARepeatedRunCatchUpEachPeriodOnce() {
        Instant now = Instant.now();
        String plan = plan("FULL", null, "100", now.minus(200, ChronoUnit.DAYS));
        List<String> mine = new ArrayList<>();
        List<Instant> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String customer = customer();
            mine.add(customer);
            // two months and a bit ago: two missed periods and the current one
            Instant startsAt = now.minus(62 + i, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
            starts.add(startsAt);
            subscribe(customer, plan, 31, startsAt);
        }
        long before = count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ANY($1)", mine)
                + count("SELECT count(*) FROM subscription_periods WHERE customer_id = ANY($1)", mine)
                + count("SELECT count(*) FROM credit_grants WHERE customer_id = ANY($1)", mine)
                + count("SELECT count(*) FROM webhook_deliveries WHERE customer_id = ANY($1)", mine);
        List<Renewal> planned = job.dryRun(now).await().atMost(WAIT).stream()
                .filter(r -> mine.contains(r.customerId())).toList();
        long after = count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ANY($1)", mine)
                + count("SELECT count(*) FROM subscription_periods WHERE customer_id = ANY($1)", mine)
                + count("SELECT count(*) FROM credit_grants WHERE customer_id = ANY($1)", mine)
                + count("SELECT count(*) FROM webhook_deliveries WHERE customer_id = ANY($1)", mine);
        assertEquals(0, before);
        assertEquals(before, after, "the dry run wrote nothing");

        CompletableFuture<List<Renewal>> first = job.run(now).subscribeAsCompletionStage();
        CompletableFuture<List<Renewal>> second = job.run(now).subscribeAsCompletionStage();
        List<Renewal> done = new ArrayList<>(first.join());
        done.addAll(second.join());
        done.addAll(job.run(now).await().atMost(WAIT));
        List<Renewal> issued = done.stream().filter(r -> mine.contains(r.customerId())).toList();

        assertEquals(new HashSet<>(planned), new HashSet<>(issued), "the dry run showed the run");
        assertEquals(planned.size(), issued.size());
        for (int i = 0; i < mine.size(); i++) {
            String customer = mine.get(i);
            int periods = periodsUpTo(starts.get(i), now);
            List<String> expected = new ArrayList<>();
            for (int k = 1; k <= periods; k++) {
                expected.add("GRANT " + 100 * k);
                if (k < periods) {
                    expected.add("EXPIRE -" + 100 * k);
                }
            }
            assertEquals(expected, strings("SELECT type || ' ' || trim_scale(amount) FROM wallet_transactions "
                    + "WHERE customer_id = $1 ORDER BY seq", customer), customer);
            assertEquals(String.valueOf(periods), strings("SELECT count(*)::text FROM subscription_periods "
                    + "WHERE customer_id = $1", customer).get(0));
            Audit.assertClean(customer);
        }
    }

    @Test
    void aNewPlanVersionAppliesFromTheNextPeriod() {
        String customer = customer();
        String plan = plan("NONE", null, "100", Instant.now().minus(2, ChronoUnit.DAYS));
        Instant startsAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        subscribe(customer, plan, 1, startsAt);
        sql("""
                INSERT INTO plans (plan_id, version, name, monthly_credits, rollover, grant_priority, created_at)
                VALUES ($1, 2, 'more', 250, 'NONE', 5, now())""", plan);
        Instant b1 = BillingPeriods.nextBoundary(startsAt, 1);
        assertEquals(List.of(startsAt + " 100 0"), mine(job.run(Instant.now()), customer));
        List<Renewal> second = job.run(b1).await().atMost(WAIT).stream()
                .filter(r -> r.customerId().equals(customer)).toList();
        assertEquals(2, second.get(0).planVersion());
        assertEquals(List.of("1 100 10", "2 250 5"), strings("""
                SELECT p.plan_version || ' ' || trim_scale(g.amount) || ' ' || g.priority FROM subscription_periods p
                JOIN credit_grants g ON g.customer_id = p.customer_id AND g.grant_id = p.grant_id
                WHERE p.customer_id = $1 ORDER BY p.period_start""", customer));
        Audit.assertClean(customer);
    }

    @Test
    void aCancelledSubscriptionIsNotRenewedAndItsGrantKeepsItsExpiry() {
        String customer = customer();
        String plan = plan("FULL", null, "100", Instant.now().minus(2, ChronoUnit.DAYS));
        Instant startsAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        UUID sub = subscribe(customer, plan, 15, startsAt);
        mine(job.run(Instant.now()), customer);
        Instant b1 = BillingPeriods.nextBoundary(startsAt, 15);
        // what DELETE .../subscription does: cancel at the end of the current period
        pool.preparedQuery("UPDATE subscriptions SET cancel_at = $2, canceled_at = now() WHERE id = $1")
                .execute(Tuple.of(sub, b1.atOffset(ZoneOffset.UTC))).await().atMost(WAIT);
        assertEquals(List.of(), mine(job.run(b1), customer));
        assertEquals(List.of(), mine(job.dryRun(b1.plus(40, ChronoUnit.DAYS)), customer));
        assertEquals(List.of("ENDED ACTIVE " + b1), strings("""
                SELECT s.status || ' ' || g.state || ' ' || to_char(g.expires_at AT TIME ZONE 'UTC',
                       'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM subscriptions s JOIN subscription_periods p ON p.subscription_id = s.id
                JOIN credit_grants g ON g.customer_id = p.customer_id AND g.grant_id = p.grant_id
                WHERE s.customer_id = $1""", customer));
        assertTrue(mine(job.run(b1.plus(40, ChronoUnit.DAYS)), customer).isEmpty());
        Audit.assertClean(customer);
    }

    @Test
    void aPeriodWhoseGrantDoesNotMatchIsReportedByTheAudit() {
        String customer = customer();
        String plan = plan("NONE", null, "100", Instant.now().minus(2, ChronoUnit.DAYS));
        subscribe(customer, plan, 3, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        mine(job.run(Instant.now()), customer);
        Audit.assertClean(customer);
        // the period says it carried 5 more than its grant holds, and the subscription skips ahead a month
        sql("UPDATE subscription_periods SET carried = 5 WHERE customer_id = $1", customer);
        sql("UPDATE subscriptions SET next_period_start = next_period_start + interval '1 month' "
                + "WHERE customer_id = $1", customer);
        AuditCheck check = Audit.checks(customer).stream().filter(c -> c.name().equals("plan_periods_match_grants"))
                .findFirst().orElseThrow();
        assertEquals(2, check.violations(), check.examples().toString());
        assertTrue(check.examples().stream().anyMatch(e -> e.contains(" grant PLAN 100")), check.examples().toString());
        assertTrue(check.examples().stream().anyMatch(e -> e.contains(" next period ")), check.examples().toString());
        sql("UPDATE subscription_periods SET carried = 0 WHERE customer_id = $1", customer);
        sql("UPDATE subscriptions SET next_period_start = next_period_start - interval '1 month' "
                + "WHERE customer_id = $1", customer);
        Audit.assertClean(customer);
    }

    private static int periodsUpTo(Instant startsAt, Instant now) {
        int n = 0;
        for (Instant start = startsAt; !start.isAfter(now); start = BillingPeriods.nextBoundary(start, 31)) {
            n++;
        }
        return n;
    }

    private List<String> mine(Uni<List<Renewal>> run, String customer) {
        return run.await().atMost(WAIT).stream().filter(r -> r.customerId().equals(customer))
                .map(r -> r.periodStart() + " " + r.credits().stripTrailingZeros().toPlainString() + " "
                        + r.carried().stripTrailingZeros().toPlainString())
                .toList();
    }

    private String customer() {
        String id = "renew-" + UUID.randomUUID().toString().substring(0, 8);
        sql("INSERT INTO customers (id, name) VALUES ($1, $1)", id);
        sql("INSERT INTO wallets (customer_id) VALUES ($1)", id);
        customers.add(id);
        return id;
    }

    private String plan(String rollover, String max, String credits, Instant createdAt) {
        String id = "plan-" + UUID.randomUUID().toString().substring(0, 8);
        pool.preparedQuery("""
                INSERT INTO plans (plan_id, version, name, monthly_credits, rollover, rollover_max, grant_priority,
                                   created_at)
                VALUES ($1, 1, $1, $2::text::numeric, $3, $4::text::numeric, 10, $5)""")
                .execute(Tuple.of(id, credits, rollover, max, createdAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
        return id;
    }

    private UUID subscribe(String customer, String plan, int anchor, Instant startsAt) {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("""
                INSERT INTO subscriptions (id, customer_id, plan_id, anchor_day, starts_at, next_period_start, status)
                VALUES ($1, $2, $3, $4, $5, $5, 'ACTIVE')""")
                .execute(Tuple.of(id, customer, plan, anchor, startsAt.atOffset(ZoneOffset.UTC)))
                .await().atMost(WAIT);
        return id;
    }

    private void burn(String customer, String amount) {
        pool.withTransaction(tx -> Ledger.post(tx, Posting.of(customer, "ADJUSTMENT", new BigDecimal(amount).negate(),
                "use-" + UUID.randomUUID(), "usage"))).await().atMost(WAIT);
    }

    private long count(String sql, List<String> customers) {
        return pool.preparedQuery(sql).execute(Tuple.of(customers.toArray(new String[0]))).await().atMost(WAIT)
                .iterator().next().getLong(0);
    }

    private void sql(String sql, String param) {
        pool.preparedQuery(sql).execute(Tuple.of(param)).await().atMost(WAIT);
    }

    private List<String> strings(String sql, String customer) {
        List<String> out = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(customer)).await().atMost(WAIT)) {
            out.add(row.getString(0));
        }
        return out;
    }
}
