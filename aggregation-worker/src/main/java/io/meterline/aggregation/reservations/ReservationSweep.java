package io.meterline.aggregation.reservations;

import org.jboss.logging.Logger;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.common.ledger.Holds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Expires OPEN reservations past their expires_at, through the ledger's {@code ledger_expire_holds} (one statement
 * per run, at most reservations-sweep-limit of them): each becomes EXPIRED and leaves its wallet's held. A hold or
 * release on a wallet already expires that wallet's stale holds; the sweep does the wallets nobody touches.
 *
 * <p>Safe twice and on two instances: the function locks the wallets first (SKIP LOCKED: a wallet busy elsewhere is
 * left for the next run) and expires only holds still OPEN under that lock, so a hold is expired once.
 */
@ApplicationScoped
public class ReservationSweep {

    private static final Logger LOG = Logger.getLogger(ReservationSweep.class);

    private final Pool pool;
    private final AggregationConfig config;

    public ReservationSweep(Pool pool, AggregationConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** One sweep; returns how many reservations it expired. */
    public Uni<Integer> run() {
        return Holds.expire(pool, config.reservationsSweepLimit()).invoke(n -> {
            if (n > 0) {
                LOG.infof("reservations sweep: %d expired holds released", n);
            }
        });
    }
}
