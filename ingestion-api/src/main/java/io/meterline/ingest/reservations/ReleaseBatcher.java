package io.meterline.ingest.reservations;

import io.meterline.common.ledger.HoldOutcome;
import io.meterline.common.ledger.Holds;
import io.meterline.common.ledger.ReleaseRequest;
import io.meterline.ingest.config.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Group commit for releases ({@link LaneBatcher}): each batch is one {@link Holds#releaseMany} statement, which
 * decides every release exactly as {@link Holds#release} would, in arrival order per customer
 * ({@code ledger_release_many}). Its lanes are its own: a release batch and a hold batch of one wallet take its
 * row lock one after the other.
 */
@ApplicationScoped
public class ReleaseBatcher {

    private final LaneBatcher<ReleaseRequest, HoldOutcome> batcher;

    public ReleaseBatcher(Pool pool, IngestConfig config, MeterRegistry registry) {
        this.batcher = new LaneBatcher<>(pool, config.reservations().batchesInFlight(),
                config.reservations().maxBatch(),
                DistributionSummary.builder("meterline.reservations.release.batch.size")
                        .description("Releases written per statement (group commit)").register(registry),
                ReleaseRequest::customerId, Holds::releaseMany, Holds::release);
    }

    /** Releases one reservation, together with whatever other releases of its lane are waiting. */
    public Uni<HoldOutcome> release(String customerId, String reservationId) {
        return batcher.submit(new ReleaseRequest(customerId, reservationId));
    }
}
