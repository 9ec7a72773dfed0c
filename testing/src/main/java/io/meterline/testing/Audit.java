package io.meterline.testing;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.meterline.common.audit.AuditCheck;
import io.meterline.common.audit.Invariants;
import io.quarkus.arc.Arc;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The end of every integration scenario: the billing audit ({@link Invariants}, what {@code GET /v1/admin/audit}
 * runs) must report zero violations for the customers the scenario touched. Tests share one database, so each
 * audits its own customers; {@code ./scripts/audit} audits everything.
 */
public final class Audit {

    private Audit() {
    }

    /**
     * Fails with every violated invariant and its first examples (each names its customer), unless all hold for
     * each customer. All customers are audited together: each check is one query, however many they are.
     */
    public static void assertClean(String... customerIds) {
        String violated = checks(List.of(customerIds)).stream().filter(c -> c.violations() > 0)
                .map(c -> c.name() + " (" + c.violations() + "): " + c.examples())
                .collect(Collectors.joining("; "));
        if (!violated.isEmpty()) {
            throw new AssertionError("audit of " + String.join(", ", customerIds) + " is not clean: " + violated);
        }
    }

    /**
     * What the audit reports for one customer. Inside a {@code @QuarkusTest} it runs on the service's own pool;
     * elsewhere (a test that starts the services as processes) on a pool of its own to the test database.
     */
    public static List<AuditCheck> checks(String customerId) {
        return checks(List.of(customerId));
    }

    private static List<AuditCheck> checks(List<String> customerIds) {
        Duration wait = Duration.ofMinutes(2);
        if (Arc.container() != null) {
            Pool pool = Arc.container().instance(Pool.class).get();
            return Invariants.check(pool, customerIds, Duration.ZERO, 5).await().atMost(wait);
        }
        TestEndpoints e = TestEndpoints.get();
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions().setHost(e.pgHost()).setPort(e.pgPort())
                    .setDatabase(e.pgDatabase()).setUser(e.pgUser()).setPassword(e.pgPassword());
            Pool pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(1));
            try {
                return Invariants.check(pool, customerIds, Duration.ZERO, 5).await().atMost(wait);
            } finally {
                pool.closeAndAwait();
            }
        } finally {
            vertx.closeAndAwait();
        }
    }
}
