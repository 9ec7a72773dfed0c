package io.meterline.cost.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;
import io.meterline.cost.config.CostConfig;
import io.meterline.cost.repository.BurnRow;
import io.meterline.cost.repository.RateRepository;
import io.meterline.cost.repository.RerateCandidate;
import io.meterline.cost.repository.RerateChange;
import io.meterline.cost.repository.RerateJob;
import io.meterline.cost.repository.RerateRepository;
import io.meterline.cost.repository.RerateSettlement;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs re-rating jobs (docs/rates.md, "Re-rating"). Each {@link #step} is one transaction on the oldest runnable
 * job, locked FOR UPDATE SKIP LOCKED (so instances never share a job, and each works on a different one):
 * <ol>
 * <li>while the scan is not over: lock the next chunk of PRICED rows of the job's windows after its cursor, price
 * each again with the ONE {@link Pricer}, a catalogue loaded after the job was claimed (so it holds the job's
 * corrected versions) and the tariff stored on the row; rewrite the rows whose price changed, keeping the first
 * price, with one item each; move the cursor and the counters. Nothing touches a wallet yet;</li>
 * <li>then settle: one RERATE ledger row per wallet (the sum of its items' differences), linked to its items, a
 * batch of wallets per transaction; then the job is SUCCEEDED.</li>
 * </ol>
 * After each run the settled items are published on usage-priced (at least once: an item is marked published in
 * the transaction that holds it locked while Kafka acknowledges; a crash leaves it for the next run).
 *
 * <p>A crash anywhere rolls back the current transaction only; the next run continues from the committed cursor,
 * and a wallet is settled once (its items link to the row; the key {@code rerate:<job>:<customer>} is unique).
 * Running a correction again finds every row already at the corrected price: no item, no ledger row.
 */
@ApplicationScoped
public class RerateRunner {

    private static final Logger LOG = Logger.getLogger(RerateRunner.class);

    private final Pool pool;
    private final Pricer pricer;
    private final RateRepository rates;
    private final RerateRepository jobs;
    private final RerateSettlement settlement;
    private final Downstream downstream;
    private final CostConfig.Rerate config;

    public RerateRunner(Pool pool, Pricer pricer, RateRepository rates, RerateRepository jobs,
            RerateSettlement settlement, Downstream downstream, CostConfig config) {
        this.pool = pool;
        this.pricer = pricer;
        this.rates = rates;
        this.jobs = jobs;
        this.settlement = settlement;
        this.downstream = downstream;
        this.config = config.rerate();
    }

    @Scheduled(cron = "{meterline.cost.rerate.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runUntilIdle().onFailure().recoverWithItem(failure -> {
            LOG.warnf("re-rating run failed (%s); the next run continues where it stopped", failure.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Steps until no job is runnable, then publishes what is settled; answers the number of steps taken. */
    public Uni<Integer> runUntilIdle() {
        return steps(0).chain(count -> publishSettled().replaceWith(count));
    }

    private Uni<Integer> steps(int done) {
        return step().chain(worked -> worked ? steps(done + 1) : Uni.createFrom().item(done));
    }

    /** One transaction on the oldest runnable job: a chunk of its scan, or a batch of its wallets; false if none. */
    public Uni<Boolean> step() {
        List<WalletAlertV1> alerts = new ArrayList<>();
        return pool.withTransaction(conn -> jobs.claim(conn, config.startDelay()).chain(job -> {
            if (job == null) {
                return Uni.createFrom().item(false);
            }
            if (!job.scanned()) {
                return rates.loadAll().chain(loaded -> scanChunk(conn, job, new RateCatalog(loaded.rates())))
                        .replaceWith(true);
            }
            return settlement.settle(conn, job.id(), config.settleBatch()).chain(posted -> {
                alerts.addAll(Burns.alerts(posted));
                if (!posted.isEmpty()) {
                    LOG.infof("re-rating job %s: settled %d wallets", job.id(), posted.size());
                    return Uni.createFrom().item(true);
                }
                LOG.infof("re-rating job %s: finished", job.id());
                return settlement.finish(conn, job.id()).replaceWith(true);
            });
        })).call(() -> alerts.isEmpty() ? Uni.createFrom().voidItem() : downstream.publish(List.of(), alerts)
                .onFailure().recoverWithItem(f -> {
                    LOG.warnf("wallet alerts of a re-rating not published (%s)", f.getMessage());
                    return null;
                }));
    }

    private Uni<Void> scanChunk(SqlConnection conn, RerateJob job, RateCatalog catalog) {
        List<String> keys = new ArrayList<>();
        List<OffsetDateTime> from = new ArrayList<>(), until = new ArrayList<>();
        for (RerateJob.Scope scope : job.scopes()) {
            for (String key : catalog.keysOf(scope.provider(), scope.model())) {
                keys.add(key);
                from.add(scope.from().atOffset(ZoneOffset.UTC));
                until.add(scope.until() == null ? null : scope.until().atOffset(ZoneOffset.UTC));
            }
        }
        int limit = config.chunkSize();
        return jobs.lockPage(conn, job, pricer.defaultProvider(), keys, from, until, limit).chain(page -> {
            List<RerateChange> changes = new ArrayList<>();
            int unpriceable = 0;
            for (RerateCandidate row : page) {
                Price price = pricer.price(row.event(), catalog, row.tariff());
                if (!price.priced()) {
                    unpriceable++; // left as it is: re-rating never makes a charged event free (docs/rates.md)
                } else if (price.credits().compareTo(row.credits()) != 0
                        || price.costUsd().compareTo(row.costUsd()) != 0) {
                    changes.add(new RerateChange(row.event().customerId(), row.event().dedupKey(), price.costUsd(),
                            price.credits(), price.rateIds()));
                }
            }
            boolean scanned = page.size() < limit;
            String lastCustomer = page.isEmpty() ? job.cursorCustomer() : page.get(page.size() - 1).event().customerId();
            String lastKey = page.isEmpty() ? job.cursorDedupKey() : page.get(page.size() - 1).event().dedupKey();
            int skipped = unpriceable;
            return jobs.apply(conn, job.id(), changes).chain(applied -> jobs.advance(conn, job.id(), lastCustomer,
                    lastKey, page.size(), applied, skipped, scanned));
        });
    }

    /** Publishes settled items a page per transaction, each page's items locked until Kafka acknowledged them. */
    public Uni<Integer> publishSettled() {
        int limit = config.chunkSize();
        return pool.withTransaction(conn -> settlement.lockUnpublished(conn, limit).chain(items -> {
            if (items.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<UsagePricedV1> records = new ArrayList<>(items.size());
            for (RerateSettlement.Unpublished item : items) {
                records.add(Burns.rerated(item));
            }
            return downstream.publish(records, List.of()).chain(() -> settlement.markPublished(conn, items))
                    .replaceWith(items.size());
        })).chain(count -> count < limit ? Uni.createFrom().item(count)
                : publishSettled().map(more -> count + more));
    }
}
