package io.meterline.ingest.reservations;

import io.meterline.common.ledger.HoldOutcome;
import io.meterline.common.ledger.HoldRequest;
import io.meterline.common.ledger.Holds;
import io.meterline.ingest.config.IngestConfig;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Group commit for holds ({@link LaneBatcher}): each batch is one {@link Holds#holdMany} statement, which decides
 * every hold exactly as {@link Holds#hold} would, in arrival order per customer ({@code ledger_hold_many}).
 */
@ApplicationScoped
public class HoldBatcher {

    private final LaneBatcher<HoldRequest, HoldOutcome> batcher;

    public HoldBatcher(Pool pool, IngestConfig config, MeterRegistry registry) {
        this.batcher = new LaneBatcher<>(pool, config.reservations().batchesInFlight(),
                config.reservations().maxBatch(), DistributionSummary.builder("meterline.reservations.hold.batch.size")
                        .description("Holds written per statement (group commit)").register(registry),
                HoldRequest::customerId, Holds::holdMany, Holds::hold);
    }

    /** Decides one hold, together with whatever other holds of its lane are waiting. */
    public Uni<HoldOutcome> hold(HoldRequest request) {
        return batcher.submit(request);
    }
}
