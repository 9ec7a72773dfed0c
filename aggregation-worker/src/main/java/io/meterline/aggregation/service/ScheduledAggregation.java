package io.meterline.aggregation.service;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The incremental roll-up on the configured cron; overlapping runs on one instance are skipped, across instances serialised. */
@ApplicationScoped
public class ScheduledAggregation {

    private final AggregationService aggregation;

    public ScheduledAggregation(AggregationService aggregation) {
        this.aggregation = aggregation;
    }

    @Scheduled(identity = "rollup", cron = "{meterline.aggregation.cron}", concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> rollUp() {
        return aggregation.submitAndRun("SCHEDULE").replaceWithVoid();
    }
}
