package io.meterline.aggregation.reservations;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The reservations sweep on its cron; overlapping runs are skipped, across instances safe (see ReservationSweep). */
@ApplicationScoped
public class ScheduledReservationSweep {

    private final ReservationSweep sweep;

    public ScheduledReservationSweep(ReservationSweep sweep) {
        this.sweep = sweep;
    }

    @Scheduled(identity = "reservations-sweep", cron = "{meterline.aggregation.reservations-sweep-cron}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> run() {
        return sweep.run().replaceWithVoid();
    }
}
