package io.meterline.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Direct charges and refunds roll up as their own event types (CHARGE, REFUND with negative credits). */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ChargeRollupTest {

    private static final OffsetDateTime DAY = OffsetDateTime.of(2026, 3, 15, 0, 0, 0, 0, ZoneOffset.UTC);

    @Inject
    Pool pool;

    String customer;

    @BeforeEach
    void newCustomer() {
        customer = "aggcharge-" + UUID.randomUUID();
        exec("INSERT INTO customers (id, name) VALUES ($1, $1)", Tuple.of(customer));
        exec("INSERT INTO wallets (customer_id) VALUES ($1)", Tuple.of(customer));
    }

    @Test
    void anIncrementalRunRollsUpNewChargesAndRefunds() {
        long chargeRow = charge("c1", "25", "pdf", null);
        charge("c2", "5", null, null);
        refund("f1", "c1", "10", "pdf", chargeRow, null);
        usage("0.002", "2");

        UsageRows.runJob("{}", "SUCCEEDED");

        // summed over hours: the run may straddle an hour boundary
        assertEquals(List.of("CHARGE  1 5.000000000000000000", "CHARGE pdf 1 25.000000000000000000",
                "REFUND pdf 1 -10.000000000000000000", "TOKEN_USAGE chat 1 2.000000000000000000"), sums("HOURLY"));
        assertEquals(sums("HOURLY"), sums("DAILY"));
        Audit.assertClean(customer);
    }

    @Test
    void aBackfillRollsUpChargesAtTheirTime() {
        long chargeRow = charge("old", "7.5", "img", DAY.plusHours(9).plusMinutes(5));
        refund("old-f", "old", "0.5", "img", chargeRow, DAY.plusHours(11));

        UsageRows.runJob("{\"from\": \"2026-03-15T00:00:00Z\", \"to\": \"2026-03-16T00:00:00Z\"}", "SUCCEEDED");

        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT period, period_start, event_type, feature_id, event_count, credits FROM usage_rollups
                WHERE customer_id = $1 ORDER BY period DESC, period_start, event_type""")
                .execute(Tuple.of(customer)).await().indefinitely()) {
            rows.add(String.join(" ", row.getString("period"),
                    row.getOffsetDateTime("period_start").withOffsetSameInstant(ZoneOffset.UTC).toString(),
                    row.getString("event_type"), row.getString("feature_id"), row.getLong("event_count").toString(),
                    row.getBigDecimal("credits").toPlainString()));
        }
        assertEquals(List.of(
                "HOURLY " + DAY.plusHours(9) + " CHARGE img 1 7.500000000000000000",
                "HOURLY " + DAY.plusHours(11) + " REFUND img 1 -0.500000000000000000",
                "DAILY " + DAY + " CHARGE img 1 7.500000000000000000",
                "DAILY " + DAY + " REFUND img 1 -0.500000000000000000"), rows);
        Audit.assertClean(customer);
    }

    /** A charge as ChargeService writes it: the row and its CHARGE ledger row; answers the ledger row's id. */
    private long charge(String requestId, String amount, String feature, OffsetDateTime at) {
        return pool.preparedQuery("""
                WITH l AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['CHARGE'], ARRAY[-$3::numeric],
                                                      ARRAY['charge:' || $2::text], ARRAY['test'], ARRAY[0],
                                                      ARRAY[NULL::bigint]))
                INSERT INTO charges (customer_id, request_id, amount, feature_id, ledger_tx_id, created_at)
                SELECT $1, $2, $3, $4, l.id, coalesce($5, now()) FROM l RETURNING ledger_tx_id""")
                .execute(Tuple.from(new Object[] { customer, requestId, new BigDecimal(amount), feature, at }))
                .await().indefinitely().iterator().next().getLong("ledger_tx_id");
    }

    private void refund(String refundId, String chargeRequestId, String amount, String feature, long original,
            OffsetDateTime at) {
        exec("""
                WITH l AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['REFUND'], ARRAY[$4::numeric],
                                                      ARRAY['refund:' || $2::text], ARRAY['test'], ARRAY[0],
                                                      ARRAY[NULL::bigint]))
                INSERT INTO refunds (customer_id, refund_id, charge_request_id, amount, reason, feature_id,
                                     original_ledger_tx_id, ledger_tx_id, created_at)
                SELECT $1, $2, $3, $4, 'test', $5, $6, l.id, coalesce($7, now()) FROM l""",
                Tuple.from(new Object[] { customer, refundId, chargeRequestId, new BigDecimal(amount), feature, original,
                        at }));
    }

    /** A PRICED usage row of now with its BURN, as the cost worker writes it. */
    private void usage(String cost, String credits) {
        UUID eventId = UUID.randomUUID();
        exec("""
                WITH burn AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['BURN'], ARRAY[-$4::numeric],
                                                         ARRAY['burn:' || $2::text], ARRAY['usage'], ARRAY[1],
                                                         ARRAY[NULL::bigint]))
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    event_time, received_at, status, cost_usd, credits, priced_at, ledger_tx_id)
                SELECT $1, $2, $3, 'TOKEN_USAGE', 'chat', 'test', 'model-x', now(), now(), 'PRICED', $5, $4, now(),
                       burn.id FROM burn""",
                Tuple.from(new Object[] { customer, eventId.toString(), eventId, new BigDecimal(credits),
                        new BigDecimal(cost) }));
    }

    /** "event_type feature_id count credits" per event type and feature, summed over the period's rows. */
    private List<String> sums(String period) {
        List<String> lines = new ArrayList<>();
        for (Row row : pool.preparedQuery("""
                SELECT event_type, feature_id, sum(event_count) AS n, sum(credits) AS credits FROM usage_rollups
                WHERE customer_id = $1 AND period = $2 GROUP BY 1, 2 ORDER BY 1, 2""")
                .execute(Tuple.of(customer, period)).await().indefinitely()) {
            lines.add(String.join(" ", row.getString("event_type"), row.getString("feature_id"),
                    row.getBigDecimal("n").toPlainString(), row.getBigDecimal("credits").toPlainString()));
        }
        return lines;
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
