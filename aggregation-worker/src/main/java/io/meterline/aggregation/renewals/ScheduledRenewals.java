package io.meterline.aggregation.renewals;

import java.time.Clock;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The renewal job on its cron, at the clock's now; overlapping runs on one instance are skipped, across instances
 * safe (see {@link RenewalJob}).
 */
@ApplicationScoped
public class ScheduledRenewals {

    private final RenewalJob job;
    private final Clock clock = Clock.systemUTC();

    public ScheduledRenewals(RenewalJob job) {
        this.job = job;
    }

    @Scheduled(identity = "renewals", cron = "{meterline.aggregation.renewals-cron}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return job.run(clock.instant()).replaceWithVoid();
    }
}
