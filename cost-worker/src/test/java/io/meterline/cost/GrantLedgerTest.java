package io.meterline.cost;

import static io.meterline.cost.GrantFixtures.allocations;
import static io.meterline.cost.GrantFixtures.debit;
import static io.meterline.cost.GrantFixtures.emptyCustomer;
import static io.meterline.cost.GrantFixtures.grant;
import static io.meterline.cost.GrantFixtures.overdraft;
import static io.meterline.cost.GrantFixtures.pending;
import static io.meterline.cost.GrantFixtures.post;
import static io.meterline.cost.GrantFixtures.remaining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
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
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;

/**
 * Grants inside ledger_post, through {@code Ledger.post} on real Postgres: the burn order (priority, earliest
 * expiry, oldest; only effective, unexpired grants), the overdraft bucket repaid first, refunds restoring what a
 * debit drew, and the refusals. Every scenario ends with a clean audit.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class GrantLedgerTest {

    @Inject
    Pool pool;

    /** One grant of a burn-order case: id, amount, priority, effective (hours from now), expiry (hours, or null). */
    record G(String id, String amount, int priority, double effective, Double expires) {
    }

    /** A burn-order case: grants (posted in this order), a debit, the expected draws in order. */
    record Case(String name, List<G> grants, String debit, List<String> draws) {
    }

    @Test
    void debitsBurnByPriorityThenEarliestExpiryThenOldest() {
        List<Case> cases = List.of(
                new Case("priority beats expiry", List.of(new G("late", "50", 10, -1, null),
                        new G("soon", "50", 100, -1, 2.0)), "60", List.of("late -50", "soon -10")),
                new Case("same priority: earliest expiry first, no expiry last", List.of(
                        new G("never", "10", 100, -3, null), new G("two-days", "10", 100, -2, 48.0),
                        new G("two-hours", "10", 100, -1, 2.0)), "25",
                        List.of("two-hours -10", "two-days -10", "never -5")),
                new Case("same priority and expiry: older effective_at first", List.of(
                        new G("newer", "10", 5, -1, null), new G("older", "10", 5, -5, null)), "15",
                        List.of("older -10", "newer -5")),
                new Case("same everything: creation order", List.of(
                        new G("first", "10", 5, -1, null), new G("second", "10", 5, -1, null)), "12",
                        List.of("first -10", "second -2")),
                new Case("beyond every grant: the overdraft", List.of(new G("only", "10", 5, -1, null)), "25",
                        List.of("only -10", "overdraft -15")),
                new Case("an empty wallet: all overdraft", List.of(), "7", List.of("overdraft -7")));
        for (Case c : cases) {
            String customer = emptyCustomer("order");
            for (G g : c.grants()) {
                grant(pool, customer, g.id(), g.amount(), g.priority(), g.effective(), g.expires());
            }
            LedgerEntry burn = debit(pool, customer, "ADJUSTMENT", c.debit(), "burn-1");
            assertEquals(c.draws(), allocations(burn.id()), c.name());
            Audit.assertClean(customer);
        }
    }

    @Test
    void futureAndLapsedGrantsAreNotSpent() {
        String customer = emptyCustomer("lapsed");
        grant(pool, customer, "now", "20", 100, -1, null);
        pending(customer, "future", "1000", 0, 1, null); // effective in an hour: PENDING, not in the balance
        // posted, but its expires_at has passed (the grants job has not expired it yet): not spendable
        grant(pool, customer, "lapsed", "500", 0, -3, -1.0);
        LedgerEntry burn = debit(pool, customer, "ADJUSTMENT", "30", "b1");
        assertEquals(List.of("now -20", "overdraft -10"), allocations(burn.id()));
        assertEquals(0, new BigDecimal("490").compareTo(burn.balanceAfter()), "the lapsed grant still counts until expired");
        post(pool, Posting.of(customer, "EXPIRE", new BigDecimal("-500"), "expire:lapsed", "test").withGrant("lapsed"));
        CostFixtures.sql("UPDATE credit_grants SET state = 'EXPIRED', closed_at = now() WHERE customer_id = ? "
                + "AND grant_id = 'lapsed'", customer);
        assertEquals(0, new BigDecimal("10").compareTo(overdraft(customer)));
        Audit.assertClean(customer);
    }

    @Test
    void theOverdraftIsRepaidFirstByTheNextCredit() {
        String customer = emptyCustomer("overdraft");
        debit(pool, customer, "ADJUSTMENT", "30", "b1");
        assertEquals(0, new BigDecimal("30").compareTo(overdraft(customer)));
        LedgerEntry granted = grant(pool, customer, "promo", "100", 10, -1, 24.0);
        assertEquals(List.of("overdraft 30", "promo 70"), allocations(granted.id()));
        assertEquals(0, BigDecimal.ZERO.compareTo(overdraft(customer)));
        debit(pool, customer, "ADJUSTMENT", "80", "a1");
        LedgerEntry topUp = post(pool, Posting.of(customer, "TOP_UP", new BigDecimal("25"), "inv-1", "test"));
        assertEquals(List.of("overdraft 10", "top_up:inv-1 15"), allocations(topUp.id()),
                "a top-up is an implicit PURCHASE grant after the overdraft");
        assertEquals(Map.of("promo", "0", "top_up:inv-1", "15"), remaining(customer));
        assertEquals("PURCHASE", CostFixtures.rows("SELECT source FROM credit_grants WHERE customer_id = ? AND "
                + "grant_id = 'top_up:inv-1'", customer).get(0).get(0));
        Audit.assertClean(customer);
    }

    @Test
    void aRefundRestoresWhatTheDebitDrewNewestDrawnFirstAndNeverMore() {
        String customer = emptyCustomer("restore");
        grant(pool, customer, "a", "20", 10, -1, null);
        grant(pool, customer, "b", "50", 20, -1, null);
        LedgerEntry charge = debit(pool, customer, "ADJUSTMENT", "80", "c1"); // a 20, b 50, overdraft 10
        assertEquals(List.of("a -20", "b -50", "overdraft -10"), allocations(charge.id()));

        LedgerEntry r1 = post(pool, refund(customer, "35", "r1", charge.id()));
        assertEquals(List.of("overdraft 10", "b 25"), allocations(r1.id()), "overdraft first, then newest drawn");
        LedgerEntry r2 = post(pool, refund(customer, "40", "r2", charge.id()));
        assertEquals(List.of("b 25", "a 15"), allocations(r2.id()), "b only up to what it gave net of r1");
        LedgerEntry r3 = post(pool, refund(customer, "10", "r3", charge.id()));
        assertEquals(List.of("a 5", "adjustment:r3 5"), allocations(r3.id()), "beyond what was drawn: an implicit grant");
        assertEquals(Map.of("a", "20", "b", "50", "adjustment:r3", "5"),
                remaining(customer));
        Audit.assertClean(customer);
    }

    @Test
    void aRefundSkipsGrantsNoLongerLive() {
        String customer = emptyCustomer("restore-closed");
        grant(pool, customer, "a", "20", 10, -1, null);
        grant(pool, customer, "b", "20", 20, -1, null);
        LedgerEntry charge = debit(pool, customer, "ADJUSTMENT", "30", "c1"); // a 20, b 10
        post(pool, Posting.of(customer, "VOID", new BigDecimal("-10"), "void:b", "test").withGrant("b"));
        CostFixtures.sql("UPDATE credit_grants SET state = 'VOIDED', closed_at = now() WHERE customer_id = ? "
                + "AND grant_id = 'b'", customer);
        LedgerEntry r = post(pool, refund(customer, "30", "r1", charge.id()));
        assertEquals(List.of("a 20", "adjustment:r1 10"), allocations(r.id()));
        Audit.assertClean(customer);
    }

    @Test
    void namedGrantsAndRestoresAreChecked() {
        String customer = emptyCustomer("refused");
        grant(pool, customer, "g", "10", 10, -1, null);
        LedgerEntry topUp = post(pool, Posting.of(customer, "TOP_UP", new BigDecimal("5"), "t1", "test"));
        assertSqlState("22023", Posting.of(customer, "EXPIRE", new BigDecimal("-11"), "e1", "x").withGrant("g"));
        assertSqlState("23503", Posting.of(customer, "GRANT", new BigDecimal("1"), "g2", "x").withGrant("nope"));
        assertSqlState("22023", refund(customer, "1", "r1", topUp.id()));
        String other = emptyCustomer("refused-other");
        LedgerEntry otherBurn = debit(pool, other, "ADJUSTMENT", "1", "b1");
        assertSqlState("22023", refund(customer, "1", "r2", otherBurn.id()));
        assertEquals(Map.of("g", "10", "top_up:t1", "5"), remaining(customer),
                "a refused posting changes nothing");
        Audit.assertClean(customer, other);
    }

    private void assertSqlState(String state, Posting posting) {
        PgException e = assertThrows(PgException.class, () -> post(pool, posting));
        assertEquals(state, e.getSqlState(), e.getMessage());
    }

    private static Posting refund(String customer, String amount, String key, long debitRow) {
        return Posting.of(customer, "ADJUSTMENT", new BigDecimal(amount), key, "test").restoring(debitRow);
    }
}
