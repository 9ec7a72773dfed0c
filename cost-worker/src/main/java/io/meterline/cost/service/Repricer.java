package io.meterline.cost.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.meterline.common.db.SqlStates;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.event.UsagePricedV1;
import io.meterline.cost.config.CostConfig;
import io.meterline.cost.repository.BurnRow;
import io.meterline.cost.repository.PricedOutbox;
import io.meterline.cost.repository.UnpricedRepository;
import io.meterline.cost.repository.UnpricedRow;
import io.meterline.cost.repository.UsageRow;
import io.meterline.cost.repository.WalletRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Re-prices UNPRICED events once a rate covers them: after every catalogue change and on a schedule.
 *
 * <p>A pass walks the UNPRICED rows whose provider/model the catalogue now knows, one page per transaction:
 * lock the page (FOR UPDATE SKIP LOCKED), price it, burn the wallets (one BURN row each), mark the rows PRICED
 * and link them to their BURN row (a burn crossing a wallet line writes its webhook to the outbox, {@link WalletWebhooks}),
 * commit, then publish their usage-priced records. Safe on two instances at
 * once (SKIP LOCKED gives them disjoint rows) and safe to run twice (a PRICED row is never selected again).
 * A page Postgres rejects for its data is re-priced row by row, and the row at fault stays UNPRICED, marked as
 * unpriceable by this catalogue: one customer's event never stops the pass for the others.
 *
 * <p>Publishing is at least once: the page's transaction also enters its rows in usage_priced_outbox
 * ({@link PricedOutbox}), and the entries go once Kafka acknowledged the page. Each pass first publishes again
 * what is left there for longer than {@code outbox-grace} (the process died between commit and publish, or
 * Kafka refused), with the stored price and BURN row, and the alerts of those BURN rows.
 */
@ApplicationScoped
public class Repricer {

    private static final Logger LOG = Logger.getLogger(Repricer.class);

    private final Pool pool;
    private final Pricer pricer;
    private final RateCatalogService catalogs;
    private final UnpricedRepository unpriced;
    private final WalletRepository wallets;
    private final Downstream downstream;
    private final CostMetrics metrics;
    private final PricedOutbox outbox;
    private final int pageSize;
    private final Duration outboxGrace;
    private final AtomicInteger pending = new AtomicInteger();

    public Repricer(Pool pool, Pricer pricer, RateCatalogService catalogs, UnpricedRepository unpriced,
            WalletRepository wallets, PricedOutbox outbox, Downstream downstream, CostMetrics metrics, CostConfig config) {
        this.pool = pool;
        this.pricer = pricer;
        this.catalogs = catalogs;
        this.unpriced = unpriced;
        this.wallets = wallets;
        this.downstream = downstream;
        this.metrics = metrics;
        this.outbox = outbox;
        this.pageSize = config.reprice().batchSize();
        this.outboxGrace = config.reprice().outboxGrace();
    }

    void onRatesChanged(@Observes RatesChanged event) {
        requestPass();
    }

    @Scheduled(every = "{meterline.cost.reprice.every}", delayed = "{meterline.cost.reprice.every}")
    void scheduledPass() {
        requestPass();
    }

    /** Asks for a pass; passes never overlap on one instance, and requests during a pass cause one more. */
    public void requestPass() {
        if (pending.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int seen = pending.get();
        pass().subscribe().with(count -> {
            if (count > 0) {
                LOG.infof("re-priced %d events", count);
            }
            if (pending.addAndGet(-seen) > 0) {
                drain();
            }
        }, failure -> {
            LOG.warnf("re-pricing pass failed (%s); the schedule will try again", failure.getMessage());
            pending.set(0);
        });
    }

    /**
     * One full pass: publishes what the outbox holds for too long, then prices the UNPRICED rows the current
     * catalogue may cover; returns how many were priced.
     */
    public Uni<Integer> pass() {
        return republish().chain(catalogs::current).chain(catalog -> page(catalog, "", "", 0));
    }

    /** Publishes stale outbox entries again, a page per transaction (the entries stay locked until acknowledged). */
    private Uni<Void> republish() {
        return pool.withTransaction(conn -> outbox.lockStale(conn, outboxGrace, pageSize).chain(pending -> {
                    if (pending.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<UsagePricedV1> records = new ArrayList<>(pending.size());
                    Map<Long, BurnRow> burns = new HashMap<>();
                    for (PricedOutbox.Pending p : pending) {
                        records.add(Burns.stored(p.event(), p.stored(), true));
                        if (p.stored().burn() != null) {
                            burns.put(p.stored().burn().ledgerTxId(), p.stored().burn());
                        }
                    }
                    List<UsageEventV1> events = pending.stream().map(PricedOutbox.Pending::event).toList();
                    return downstream.publish(records, Burns.alerts(burns.values()))
                            .chain(() -> outbox.done(conn, events))
                            .replaceWith(pending.size());
                }))
                .chain(count -> {
                    if (count > 0) {
                        LOG.infof("published %d re-priced events again whose first publish was not acknowledged", count);
                    }
                    return count < pageSize ? Uni.createFrom().voidItem() : republish();
                });
    }

    private Uni<Integer> page(RateCatalog catalog, String afterCustomer, String afterKey, int total) {
        if (catalog.keys().isEmpty()) {
            return Uni.createFrom().item(total);
        }
        List<UnpricedRow> locked = new ArrayList<>();
        return pageOf(catalog, afterCustomer, afterKey, pageSize, locked)
                .onFailure(SqlStates::isDataError).recoverWithUni(failure -> {
                    LOG.warnf("a re-pricing page was rejected by the database (%s); re-pricing its %d rows one by one",
                            failure.getMessage(), locked.size());
                    return oneByOne(catalog, afterCustomer, afterKey, locked.size(), PageResult.EMPTY);
                })
                .chain(result -> {
                    int sum = total + result.priced().size();
                    if (result.rows().size() < pageSize) {
                        return Uni.createFrom().item(sum);
                    }
                    UnpricedRow last = result.rows().get(result.rows().size() - 1);
                    return page(catalog, last.event().customerId(), last.event().dedupKey(), sum);
                });
    }

    /**
     * The next {@code n} rows of a page that Postgres rejected (SQLSTATE class 22 or 23: credits past NUMERIC(38,18),
     * a wallet at its edge), each in its own transaction, so that only the row at fault is left out: it stays
     * UNPRICED, marked as unpriceable by this catalogue, and is not locked again until the catalogue changes. A pass
     * never stops at one customer's row.
     */
    private Uni<PageResult> oneByOne(RateCatalog catalog, String afterCustomer, String afterKey, int n,
            PageResult done) {
        if (n == 0) {
            return Uni.createFrom().item(done);
        }
        List<UnpricedRow> locked = new ArrayList<>(1);
        return pageOf(catalog, afterCustomer, afterKey, 1, locked)
                .onFailure(SqlStates::isDataError).recoverWithUni(failure -> leaveUnpriced(locked, catalog, failure))
                .chain(one -> {
                    if (one.rows().isEmpty()) {
                        return Uni.createFrom().item(done);
                    }
                    UsageEventV1 last = one.rows().get(0).event();
                    return oneByOne(catalog, last.customerId(), last.dedupKey(), n - 1, done.plus(one));
                });
    }

    private Uni<PageResult> leaveUnpriced(List<UnpricedRow> locked, RateCatalog catalog, Throwable failure) {
        if (locked.isEmpty()) {
            return Uni.createFrom().failure(failure); // failed before locking a row: not this row's data
        }
        UsageEventV1 event = locked.get(0).event();
        LOG.warnf("event %s of %s left UNPRICED: the database rejected its price (%s)", event.eventId(),
                event.customerId(), failure.getMessage());
        metrics.repriceRejected();
        return pool.withTransaction(conn -> unpriced.markUnpriceable(conn, List.of(event), catalog.fingerprint()))
                .replaceWith(new PageResult(locked, List.of(), List.of()));
    }

    /**
     * One page in one transaction: locks up to {@code limit} UNPRICED rows after the given key (into
     * {@code locked}, also when the transaction then fails), prices them, burns, commits, then publishes.
     */
    private Uni<PageResult> pageOf(RateCatalog catalog, String afterCustomer, String afterKey, int limit,
            List<UnpricedRow> locked) {
        long fingerprint = catalog.fingerprint();
        return pool.withTransaction(conn -> unpriced
                .lockPage(conn, afterCustomer, afterKey, pricer.defaultProvider(), catalog.keys(), limit, fingerprint)
                .invoke(locked::addAll)
                .chain(rows -> {
                    List<UsageRow> priced = new ArrayList<>();
                    List<Price> prices = new ArrayList<>();
                    List<UsageEventV1> events = new ArrayList<>();
                    List<UsageEventV1> unpriceable = new ArrayList<>();
                    for (UnpricedRow row : rows) {
                        Price price = pricer.price(row.event(), catalog, row.tariff());
                        if (price.priced()) {
                            events.add(row.event());
                            prices.add(price);
                        } else {
                            unpriceable.add(row.event());
                        }
                    }
                    List<String> payers = Burns.payers(events, prices);
                    return wallets.allocateLedgerIds(conn, payers.size()).chain(ids -> {
                        Map<String, Long> ledger = Burns.ledgerIds(payers, ids);
                        for (int i = 0; i < events.size(); i++) {
                            priced.add(new UsageRow(events.get(i), prices.get(i),
                                    ledger.get(events.get(i).customerId())));
                        }
                        return unpriced.markUnpriceable(conn, unpriceable, fingerprint)
                                .chain(() -> priced.isEmpty() ? Uni.createFrom().item(List.<BurnRow>of())
                                        : unpriced.markPricedAndBurn(conn, priced).map(WalletRepository.Charged::burns)
                                                .call(burns -> WalletWebhooks.enqueue(conn, burns)));
                    }).map(burns -> new PageResult(rows, priced, burns));
                }))
                .chain(result -> publish(result).chain(() -> outbox.done(pool, result.events())).replaceWith(result));
    }

    private record PageResult(List<UnpricedRow> rows, List<UsageRow> priced, List<BurnRow> burns) {

        static final PageResult EMPTY = new PageResult(List.of(), List.of(), List.of());

        List<UsageEventV1> events() {
            return priced.stream().map(UsageRow::event).toList();
        }

        PageResult plus(PageResult other) {
            return new PageResult(concat(rows, other.rows), concat(priced, other.priced), concat(burns, other.burns));
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a.size() + b.size());
            all.addAll(a);
            all.addAll(b);
            return all;
        }
    }

    private Uni<Void> publish(PageResult result) {
        if (result.priced().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        metrics.repriced(result.priced().size(), result.burns().size());
        Map<String, BurnRow> byCustomer = new HashMap<>();
        result.burns().forEach(b -> byCustomer.put(b.customerId(), b));
        List<UsagePricedV1> records = new ArrayList<>(result.priced().size());
        for (UsageRow row : result.priced()) {
            records.add(Burns.priced(row.event(), row.price(), row.ledgerTxId(),
                    byCustomer.get(row.event().customerId()).balanceAfter(), true));
        }
        return downstream.publish(records, Burns.alerts(result.burns()));
    }
}
