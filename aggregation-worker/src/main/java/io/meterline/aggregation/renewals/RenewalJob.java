package io.meterline.aggregation.renewals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.aggregation.grants.DueGrant;
import io.meterline.aggregation.grants.GrantExpiry;
import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.Posting;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Issues each subscription's period grants: for every period that has started (by the {@code now} it is given)
 * and has no period row, a PLAN grant of the plan version's monthly credits plus what rollover carries from the
 * previous period's grant, expiring at the period's end. Missed periods (the job was down) are issued in order,
 * one transaction each, so the ledger ends as if the job had run on time. The first period comes from here too,
 * at the first run after subscribing: one code path writes PLAN grants.
 *
 * <p>One transaction per period, in this order: lock the wallet (the ledger's lock), lock the subscription and
 * read it again (not due any more: another instance did it, nothing happens); lock the previous period's grant
 * and take its unused rest (ACTIVE: expire it now through {@link GrantExpiry}; EXPIRED by the grants job: what
 * its EXPIRE row took); insert the period row ({@code ON CONFLICT DO NOTHING}, rowCount checked: the guard);
 * insert the grant {@code plan:<subscription>:<period_start>} (its primary key: the second guard) and post its
 * GRANT row through the {@link Ledger}; advance next_period_start. A crash before the commit leaves the period
 * due and the next run issues it; two instances queue on the wallet lock and the second finds nothing due.
 */
@ApplicationScoped
public class RenewalJob {

    private static final Logger LOG = Logger.getLogger(RenewalJob.class);
    /** Most periods one subscription is caught up by in one run (the API keeps starts_at within this). */
    static final int MAX_PERIODS_PER_RUN = 24;

    private final Pool pool;
    private final RenewalRepository repository;
    private final GrantExpiry expiry;
    private final AggregationConfig config;

    public RenewalJob(Pool pool, RenewalRepository repository, GrantExpiry expiry, AggregationConfig config) {
        this.pool = pool;
        this.repository = repository;
        this.expiry = expiry;
        this.config = config;
    }

    /** Issues what is due at {@code now}; answers what it issued, in order per subscription. */
    public Uni<List<Renewal>> run(Instant now) {
        return repository.endCancelled(pool, now)
                .flatMap(ended -> repository.due(pool, now, config.renewalsSubscriptionsPerRun()))
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> catchUp(id, now, new ArrayList<>()))
                        .collect().asList())
                .map(lists -> {
                    List<Renewal> all = lists.stream().flatMap(List::stream).toList();
                    if (!all.isEmpty()) {
                        LOG.infof("renewals: %d period grants issued", all.size());
                    }
                    return all;
                });
    }

    /** What a run at {@code now} would issue, read without locks and written nowhere. */
    public Uni<List<Renewal>> dryRun(Instant now) {
        return repository.due(pool, now, config.renewalsSubscriptionsPerRun())
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> planned(id, now))
                        .collect().asList())
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private Uni<List<Renewal>> planned(UUID id, Instant now) {
        return repository.find(pool, id).flatMap(s -> s == null ? Uni.createFrom().item(List.<Renewal>of())
                : repository.versions(pool, s.planId()).flatMap(versions -> repository
                        .previous(pool, s.id(), s.nextPeriodStart())
                        .map(prev -> RenewalRules.due(s, versions, prev == null ? BigDecimal.ZERO : prev.unused(),
                                now, MAX_PERIODS_PER_RUN))));
    }

    /** Issues the subscription's due periods one transaction each, until none is due or the cap is reached. */
    private Uni<List<Renewal>> catchUp(UUID id, Instant now, List<Renewal> done) {
        if (done.size() >= MAX_PERIODS_PER_RUN) {
            return Uni.createFrom().item(done);
        }
        return repository.find(pool, id)
                .flatMap(s -> s == null ? Uni.createFrom().<Renewal>nullItem()
                        : pool.withTransaction(tx -> issue(tx, s.customerId(), id, now)))
                .onFailure().recoverWithItem(e -> {
                    LOG.errorf(e, "renewals: subscription %s failed; it stays due", id);
                    return null;
                })
                .flatMap(r -> {
                    if (r == null) {
                        return Uni.createFrom().item(done);
                    }
                    done.add(r);
                    return catchUp(id, now, done);
                });
    }

    /** One period, in the caller's transaction; null when nothing is due (any more). */
    private Uni<Renewal> issue(SqlClient tx, String customerId, UUID id, Instant now) {
        return repository.lock(tx, customerId, id).flatMap(s -> {
            if (s == null || !s.issues(s.nextPeriodStart(), now)) {
                return Uni.createFrom().nullItem();
            }
            return repository.versions(tx, s.planId())
                    .flatMap(versions -> repository.previous(tx, id, s.nextPeriodStart())
                            .flatMap(prev -> {
                                BigDecimal unused = prev == null ? BigDecimal.ZERO : prev.unused();
                                Renewal r = RenewalRules.renewal(s, versions, s.nextPeriodStart(), unused);
                                return repository.insertPeriod(tx, r).flatMap(inserted -> {
                                    if (!inserted) {
                                        throw new IllegalStateException("period " + r.periodStart() + " of "
                                                + id + " exists but was due");
                                    }
                                    return close(tx, prev).flatMap(ignored -> grant(tx, r));
                                });
                            }));
        });
    }

    /** Expires the previous grant if it is still ACTIVE (its unused rest was read under the same locks). */
    private Uni<BigDecimal> close(SqlClient tx, PreviousGrant prev) {
        if (prev == null || !"ACTIVE".equals(prev.state())) {
            return Uni.createFrom().item(BigDecimal.ZERO);
        }
        return expiry.expire(tx, new DueGrant(prev.customerId(), prev.grantId(), prev.state(), prev.amount(),
                prev.expiresAt()));
    }

    private Uni<Renewal> grant(SqlClient tx, Renewal r) {
        return repository.insertGrant(tx, r)
                .flatMap(ignored -> Ledger.post(tx, Posting.of(r.customerId(), "GRANT", r.granted(),
                        "grant:" + r.grantId(), "plan " + r.planId() + " v" + r.planVersion() + " period "
                                + r.periodStart()).withGrant(r.grantId())))
                .flatMap(ignored -> repository.advance(tx, r.subscriptionId(), r.periodEnd()))
                .replaceWith(r);
    }
}
