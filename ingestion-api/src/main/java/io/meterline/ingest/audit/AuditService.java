package io.meterline.ingest.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.audit.AuditCheck;
import io.meterline.common.audit.Invariants;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs the billing invariants over Postgres ({@link Invariants}), then the two backlogs a stopped job leaves:
 * dirty rollup marks ({@link RollupBacklog}) and the Kafka backlog ({@link KafkaBacklog}).
 */
@ApplicationScoped
public class AuditService {

    private final Pool pool;
    private final KafkaBacklog backlog;
    private final RollupBacklog dirty;
    private final AuditConfig config;

    public AuditService(Pool pool, KafkaBacklog backlog, RollupBacklog dirty, AuditConfig config) {
        this.pool = pool;
        this.backlog = backlog;
        this.dirty = dirty;
        this.config = config;
    }

    /** {@code customerId} null audits everything; null durations take the configured defaults. */
    public Uni<AuditReport> audit(String customerId, Duration settle, Duration pendingMaxAge) {
        Instant now = Instant.now();
        Duration rollupSettle = settle != null ? settle : config.rollupSettle();
        Duration maxAge = pendingMaxAge != null ? pendingMaxAge : config.pendingMaxAge();
        return Invariants.check(pool, customerId, rollupSettle, config.examples())
                .chain(checks -> dirty.stale(pool, customerId, config.dirtyMaxAge(), config.examples())
                        .map(stale -> {
                            List<AuditCheck> withStale = new ArrayList<>(checks);
                            withStale.add(stale);
                            return withStale;
                        }))
                .chain(checks -> Uni.createFrom()
                        .item(() -> backlog.stuck(config.usageEventsTopic(), config.consumerGroup(), maxAge,
                                config.examples()))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .map(pending -> {
                            List<AuditCheck> all = new ArrayList<>(checks);
                            all.add(pending);
                            return AuditReport.of(now, customerId, all);
                        }));
    }
}
