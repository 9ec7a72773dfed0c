package io.meterline.testing;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.meterline.common.audit.AuditCheck;
import io.meterline.common.audit.Invariants;
import io.quarkus.arc.Arc;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The end of every integration scenario: the billing audit ({@link Invariants}, what {@code GET /v1/admin/audit}
 * runs) must report zero violations for the customers the scenario touched. Tests share one database, so each
 * audits its own customers; {@code ./scripts/audit} audits everything. Call from a {@code @QuarkusTest}.
 */
public final class Audit {

    private Audit() {
    }

    /** Fails with every violated invariant and its first examples, unless all hold for each customer. */
    public static void assertClean(String... customerIds) {
        Pool pool = Arc.container().instance(Pool.class).get();
        for (String customer : customerIds) {
            List<AuditCheck> checks = Invariants.check(pool, customer, Duration.ZERO, 5).await()
                    .atMost(Duration.ofMinutes(2));
            String violated = checks.stream().filter(c -> c.violations() > 0)
                    .map(c -> c.name() + " (" + c.violations() + "): " + c.examples())
                    .collect(Collectors.joining("; "));
            if (!violated.isEmpty()) {
                throw new AssertionError("audit of " + customer + " is not clean: " + violated);
            }
        }
    }

    /** The violations the audit reports for one customer, by check name; for tests of the audit itself. */
    public static List<AuditCheck> checks(String customerId) {
        Pool pool = Arc.container().instance(Pool.class).get();
        return Invariants.check(pool, customerId, Duration.ZERO, 5).await().atMost(Duration.ofMinutes(2));
    }
}
