package io.meterline.cost;

import static io.meterline.cost.GrantFixtures.allocations;
import static io.meterline.cost.GrantFixtures.emptyCustomer;
import static io.meterline.cost.GrantFixtures.grant;
import static io.meterline.cost.GrantFixtures.overdraft;
import static io.meterline.cost.GrantFixtures.post;
import static io.meterline.cost.GrantFixtures.remaining;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.common.ledger.LedgerEntry;
import io.meterline.common.ledger.Posting;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random grants and random debits, top-ups and refunds against ledger_post, compared after every posting with a
 * model of the documented rules written here in Java (burn order, overdraft first, restore newest-drawn first,
 * implicit grants): each row's allocations, every grant's remaining and the overdraft agree, and the audit is
 * clean. jqwik generates the scenarios (new ones every run); a failure names the scenario. The property is checked
 * over sampled scenarios, since each needs the database of the running test ({@code @Property} cannot run inside
 * a {@code @QuarkusTest}).
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class GrantPropertyTest {

    private static final int SCENARIOS = 25;

    @Inject
    Pool pool;

    record GrantSpec(int priority, BigDecimal amount, int effectiveHoursAgo, Integer expiresInHours) {
    }

    /** kind: D debit, T top-up, R refund of the {@code target}-th earlier debit (modulo their number). */
    record Op(char kind, BigDecimal amount, int target) {
    }

    record Scenario(List<GrantSpec> grants, List<Op> ops) {
    }

    @Test
    void allocationsFollowTheDocumentedRulesAndTheBooksBalance() {
        List<Scenario> scenarios = scenarios().sampleStream().limit(SCENARIOS).toList();
        for (Scenario scenario : scenarios) {
            check(scenario);
        }
    }

    private void check(Scenario s) {
        String customer = emptyCustomer("prop");
        Model model = new Model();
        // one base instant: grants generated with equal offsets must tie on expiry, as the model assumes
        OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC);
        for (int i = 0; i < s.grants().size(); i++) {
            GrantSpec g = s.grants().get(i);
            String id = "g" + i;
            grant(pool, customer, id, g.amount().toPlainString(), g.priority(), base, -g.effectiveHoursAgo(),
                    g.expiresInHours() == null ? null : g.expiresInHours().doubleValue());
            model.add(id, g.priority(), -g.effectiveHoursAgo(), g.expiresInHours(), g.amount());
        }
        List<Long> debitRows = new ArrayList<>();
        List<Integer> debitIndexes = new ArrayList<>();
        for (int i = 0; i < s.ops().size(); i++) {
            Op op = s.ops().get(i);
            String key = "op" + i;
            List<String> expected;
            LedgerEntry row;
            if (op.kind() == 'D') {
                row = post(pool, Posting.of(customer, "ADJUSTMENT", op.amount().negate(), key, "prop"));
                expected = model.debit(op.amount());
                debitRows.add(row.id());
                debitIndexes.add(model.lastDebit());
            } else if (op.kind() == 'T' || debitRows.isEmpty()) {
                row = post(pool, Posting.of(customer, "TOP_UP", op.amount(), key, "prop"));
                expected = model.credit(op.amount(), "top_up:" + key, null);
            } else {
                int d = op.target() % debitRows.size();
                row = post(pool, Posting.of(customer, "ADJUSTMENT", op.amount(), key, "prop").restoring(debitRows.get(d)));
                expected = model.credit(op.amount(), "adjustment:" + key, debitIndexes.get(d));
            }
            String where = s + " at op " + i;
            assertEquals(expected, allocations(row.id()), where);
            assertEquals(model.remaining(), remaining(customer), where);
            assertEquals(0, model.overdraft.compareTo(overdraft(customer)), where);
        }
        Audit.assertClean(customer);
    }

    private static Arbitrary<Scenario> scenarios() {
        Arbitrary<BigDecimal> money = Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("120"))
                .ofScale(2);
        Arbitrary<GrantSpec> grant = Combinators.combine(Arbitraries.of(0, 1, 2, 100), money,
                Arbitraries.integers().between(1, 100),
                Arbitraries.integers().between(1, 100).injectNull(0.4)).as(GrantSpec::new);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of('D', 'D', 'D', 'T', 'R', 'R'), money,
                Arbitraries.integers().between(0, 20)).as(Op::new);
        return Combinators.combine(grant.list().ofMaxSize(5), op.list().ofMinSize(1).ofMaxSize(8)).as(Scenario::new);
    }

    /** The documented rules (Ledger's Javadoc), independently of the SQL. */
    static final class Model {

        static final class Grant {
            final String id;
            final int priority;
            final double effective;
            final Integer expires;
            final int seq;
            BigDecimal remaining;

            Grant(String id, int priority, double effective, Integer expires, int seq, BigDecimal remaining) {
                this.id = id;
                this.priority = priority;
                this.effective = effective;
                this.expires = expires;
                this.seq = seq;
                this.remaining = remaining;
            }
        }

        final Map<String, Grant> grants = new LinkedHashMap<>();
        BigDecimal overdraft = BigDecimal.ZERO;
        /** Per debit: grant → drawn, in draw order; per debit and grant: restored so far. */
        final List<LinkedHashMap<String, BigDecimal>> draws = new ArrayList<>();
        final List<Map<String, BigDecimal>> restored = new ArrayList<>();

        void add(String id, int priority, double effective, Integer expires, BigDecimal amount) {
            grants.put(id, new Grant(id, priority, effective, expires, grants.size(), amount));
        }

        int lastDebit() {
            return draws.size() - 1;
        }

        List<String> debit(BigDecimal amount) {
            List<String> out = new ArrayList<>();
            LinkedHashMap<String, BigDecimal> drawn = new LinkedHashMap<>();
            BigDecimal need = amount;
            List<Grant> order = grants.values().stream().filter(g -> g.remaining.signum() > 0)
                    .sorted(Comparator.<Grant>comparingInt(g -> g.priority)
                            .thenComparing(g -> g.expires == null ? Integer.MAX_VALUE : g.expires)
                            .thenComparingDouble(g -> g.effective).thenComparingInt(g -> g.seq))
                    .toList();
            for (Grant g : order) {
                if (need.signum() == 0) {
                    break;
                }
                BigDecimal take = g.remaining.min(need);
                g.remaining = g.remaining.subtract(take);
                need = need.subtract(take);
                drawn.put(g.id, take);
                out.add(g.id + " " + take.negate().stripTrailingZeros().toPlainString());
            }
            if (need.signum() > 0) {
                overdraft = overdraft.add(need);
                out.add("overdraft " + need.negate().stripTrailingZeros().toPlainString());
            }
            draws.add(drawn);
            restored.add(new HashMap<>());
            return out;
        }

        List<String> credit(BigDecimal amount, String implicitId, Integer restoreDebit) {
            List<String> out = new ArrayList<>();
            BigDecimal repay = amount.min(overdraft);
            if (repay.signum() > 0) {
                overdraft = overdraft.subtract(repay);
                out.add("overdraft " + repay.stripTrailingZeros().toPlainString());
            }
            BigDecimal rest = amount.subtract(repay);
            if (restoreDebit != null) {
                List<String> drawnOrder = new ArrayList<>(draws.get(restoreDebit).keySet());
                for (int i = drawnOrder.size() - 1; i >= 0 && rest.signum() > 0; i--) {
                    String id = drawnOrder.get(i);
                    BigDecimal open = draws.get(restoreDebit).get(id)
                            .subtract(restored.get(restoreDebit).getOrDefault(id, BigDecimal.ZERO));
                    BigDecimal give = open.min(rest);
                    if (give.signum() > 0) {
                        grants.get(id).remaining = grants.get(id).remaining.add(give);
                        restored.get(restoreDebit).merge(id, give, BigDecimal::add);
                        rest = rest.subtract(give);
                        out.add(id + " " + give.stripTrailingZeros().toPlainString());
                    }
                }
            }
            if (rest.signum() > 0) {
                // implicit grants: priority 100, no expiry, effective now (after every generated grant)
                grants.put(implicitId, new Grant(implicitId, 100, grants.size(), null, grants.size(), rest));
                out.add(implicitId + " " + rest.stripTrailingZeros().toPlainString());
            }
            return out;
        }

        Map<String, String> remaining() {
            Map<String, String> out = new LinkedHashMap<>();
            grants.values().forEach(g -> out.put(g.id, g.remaining.stripTrailingZeros().toPlainString()));
            return out;
        }
    }
}
