package io.meterline.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.aggregation.repository.JobRepository.JobRow;
import io.meterline.aggregation.service.AggregationService;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random events around daylight-saving switches of America/New_York, Europe/Berlin, Australia/Adelaide (+9:30 /
 * +10:30) and Australia/Lord_Howe (+10:30 / +11), and around local midnights of Asia/Kolkata (+5:30) and
 * Asia/Kathmandu (+5:45), in 2026, stored in one statement as the cost worker stores a batch: the hourly rollups
 * equal the raw sums of their UTC hours, the daily rollups equal the raw sums of the customer's local days (23,
 * 23.5, 24.5 or 25 hours on a switch day; Java's own day arithmetic is the expectation), late events into the same days keep that true, and a repeated run changes nothing. jqwik generates the
 * scenarios (new ones every run; a failure names the scenario); sampled, since each needs the running test's
 * database ({@code @Property} cannot run inside a {@code @QuarkusTest}).
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RollupTimeZonePropertyTest {

    /** Random scenarios on top of one per zone and switch. */
    private static final int RANDOM_SCENARIOS = 4;
    /**
     * Each zone's 2026 switches (spring forward, fall back) with the length in minutes of the local day holding
     * them, and for New York the EU's, which are not its own. Kolkata (+5:30) and Kathmandu (+5:45) have no switch:
     * their instants are a local midnight, which no whole UTC hour starts. Adelaide switches between +9:30 and
     * +10:30, Lord Howe between +10:30 and +11 (a 30-minute switch: days of 24.5 and 23.5 hours).
     */
    private static final Map<String, List<Around>> SWITCHES = Map.of(
            "America/New_York", List.of(new Around("2026-03-08T07:00:00Z", 23 * 60),
                    new Around("2026-11-01T06:00:00Z", 25 * 60), new Around("2026-03-29T01:00:00Z", 24 * 60)),
            "Europe/Berlin", List.of(new Around("2026-03-29T01:00:00Z", 23 * 60),
                    new Around("2026-10-25T01:00:00Z", 25 * 60)),
            "Asia/Kolkata", List.of(new Around("2026-03-01T18:30:00Z", 24 * 60)),
            "Asia/Kathmandu", List.of(new Around("2026-06-01T18:15:00Z", 24 * 60)),
            "Australia/Adelaide", List.of(new Around("2026-04-04T16:30:00Z", 25 * 60),
                    new Around("2026-10-03T16:30:00Z", 23 * 60)),
            "Australia/Lord_Howe", List.of(new Around("2026-04-04T15:00:00Z", 24 * 60 + 30),
                    new Around("2026-10-03T15:30:00Z", 23 * 60 + 30)));

    /** An instant events are placed around, and the length of its local day. */
    record Around(Instant at, int dayMinutes) {
        Around(String at, int dayMinutes) {
            this(Instant.parse(at), dayMinutes);
        }
    }

    @Inject
    Pool pool;

    @Inject
    AggregationService aggregation;

    /** An event {@code minutes} from its scenario's switch with {@code tokens} input tokens costing {@code cost}. */
    record Event(int minutes, long tokens, BigDecimal cost) {
    }

    record Scenario(String zone, Around around, List<Event> events, List<Event> late) {
    }

    @Test
    void rollupsEqualRawSumsInTheCustomersDaysAcrossDaylightSaving() {
        List<Scenario> scenarios = new ArrayList<>();
        SWITCHES.forEach((zone, arounds) -> arounds.forEach(around -> scenarios.add(scenarios(zone, around).sample())));
        scenarios.addAll(scenarios().sampleStream().limit(RANDOM_SCENARIOS).toList());
        for (Scenario scenario : scenarios) {
            check(scenario);
        }
    }

    private void check(Scenario s) {
        String customer = "dst-" + UUID.randomUUID();
        UsageRows.customer(pool, customer, s.zone());
        insert(customer, s.around().at(), s.events());
        run();
        assertMatches(customer, s, s.events());
        insert(customer, s.around().at(), s.late());
        run();
        List<Event> all = new ArrayList<>(s.events());
        all.addAll(s.late());
        assertMatches(customer, s, all);
        List<String> before = rows(customer);
        JobRow repeated = run();
        assertEquals(0, repeated.hoursRecomputed(), "a repeated run recomputes nothing: " + s);
        assertEquals(before, rows(customer), "a repeated run changes nothing: " + s);
        Audit.assertClean(customer);
    }

    /** Expected sums per UTC hour and per local day, from the events alone, against the stored rollups. */
    private void assertMatches(String customer, Scenario s, List<Event> events) {
        ZoneId zone = ZoneId.of(s.zone());
        Map<String, String> hourly = new TreeMap<>();
        Map<String, String> daily = new TreeMap<>();
        for (Event e : events) {
            Instant at = s.around().at().plus(Duration.ofMinutes(e.minutes()));
            add(hourly, at.truncatedTo(ChronoUnit.HOURS).toString(), e);
            add(daily, at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant().toString(), e);
        }
        assertEquals(hourly, stored(customer, "HOURLY"), "hourly rollups of " + s);
        assertEquals(daily, stored(customer, "DAILY"), "daily rollups of " + s);
        Instant switchDay = s.around().at().atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
        Instant nextDay = s.around().at().atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        assertEquals(s.around().dayMinutes(), Duration.between(switchDay, nextDay).toMinutes(),
                "the scenario is around the day it means: " + s);
    }

    private static void add(Map<String, String> sums, String key, Event e) {
        String[] old = sums.getOrDefault(key, "0 0 0").split(" ");
        sums.put(key, (Long.parseLong(old[0]) + 1) + " " + (Long.parseLong(old[1]) + e.tokens()) + " "
                + new BigDecimal(old[2]).add(e.cost()).stripTrailingZeros().toPlainString());
    }

    /** "events tokens cost" per period start (UTC instant). */
    private Map<String, String> stored(String customer, String period) {
        Map<String, String> sums = new TreeMap<>();
        for (Row row : pool.preparedQuery("""
                SELECT period_start, sum(event_count) AS n, sum(input_tokens) AS tokens, sum(cost_usd) AS cost
                FROM usage_rollups WHERE customer_id = $1 AND period = $2 GROUP BY 1""")
                .execute(Tuple.of(customer, period)).await().indefinitely()) {
            sums.put(row.getOffsetDateTime("period_start").toInstant().toString(), row.getBigDecimal("n") + " "
                    + row.getBigDecimal("tokens").toPlainString() + " "
                    + row.getBigDecimal("cost").stripTrailingZeros().toPlainString());
        }
        return sums;
    }

    private List<String> rows(String customer) {
        return pool.preparedQuery("""
                SELECT period || ' ' || period_start || ' ' || event_count || ' ' || cost_usd || ' ' || updated_at AS r
                FROM usage_rollups WHERE customer_id = $1 ORDER BY 1""").execute(Tuple.of(customer)).await()
                .indefinitely().stream().map(row -> row.getString("r")).toList();
    }

    /** All the events in one INSERT with one BURN of 1 credit each (one statement, as the cost worker's batch). */
    private void insert(String customer, Instant around, List<Event> events) {
        int n = events.size();
        String[] keys = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        Long[] tokens = new Long[n];
        String[] costs = new String[n];
        for (int i = 0; i < n; i++) {
            keys[i] = UUID.randomUUID().toString();
            times[i] = around.plus(Duration.ofMinutes(events.get(i).minutes())).atOffset(ZoneOffset.UTC);
            tokens[i] = events.get(i).tokens();
            costs[i] = events.get(i).cost().toPlainString();
        }
        exec("""
                WITH burn AS (SELECT id FROM ledger_post(ARRAY[$1::text], ARRAY['BURN'], ARRAY[-$6::int::numeric],
                                                         ARRAY['burn:' || gen_random_uuid()], ARRAY['usage'],
                                                         ARRAY[$6::int], ARRAY[NULL::bigint]))
                INSERT INTO usage_events (customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                    input_tokens, output_tokens, event_time, received_at, status, cost_usd, credits, priced_at,
                    ledger_tx_id)
                SELECT $1, k, k::uuid, 'TOKEN_USAGE', 'chat', 'test', 'model-x', t, 0, e, now(), 'PRICED', c, 1, now(),
                       (SELECT id FROM burn)
                FROM unnest($2::text[], $3::timestamptz[], $4::bigint[], $5::text[]::numeric[]) AS x(k, e, t, c)""",
                Tuple.from(new Object[] { customer, keys, times, tokens, costs, n }));
    }

    private static Arbitrary<Scenario> scenarios() {
        return Arbitraries.of(SWITCHES.keySet().stream().sorted().toList())
                .flatMap(zone -> Arbitraries.of(SWITCHES.get(zone)).flatMap(around -> scenarios(zone, around)));
    }

    private static Arbitrary<Scenario> scenarios(String zone, Around around) {
        Arbitrary<Event> event = Combinators.combine(
                Arbitraries.integers().between(-36 * 60, 36 * 60),
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("10")).ofScale(18))
                .as(Event::new);
        return Combinators.combine(event.list().ofMinSize(1).ofMaxSize(60), event.list().ofMinSize(1).ofMaxSize(10))
                .as((events, late) -> new Scenario(zone, around, events, late));
    }

    private JobRow run() {
        return aggregation.submitAndRun("MANUAL").await().indefinitely();
    }

    private void exec(String sql, Tuple args) {
        pool.preparedQuery(sql).execute(args).await().indefinitely();
    }
}
