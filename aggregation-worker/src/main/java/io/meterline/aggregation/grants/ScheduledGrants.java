package io.meterline.aggregation.grants;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The grants job on its cron; overlapping runs on one instance are skipped, across instances safe (see GrantJob). */
@ApplicationScoped
public class ScheduledGrants {

    private final GrantJob job;

    public ScheduledGrants(GrantJob job) {
        this.job = job;
    }

    @Scheduled(identity = "grants", cron = "{meterline.aggregation.grants-cron}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return job.run().replaceWithVoid();
    }
}
