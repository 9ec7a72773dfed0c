package io.meterline.cost.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.event.UsagePricedV1;
import io.meterline.cost.config.CostConfig;
import io.meterline.cost.repository.BurnRow;
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
 * and link them to their BURN row, commit, then publish their usage-priced records. Safe on two instances at
 * once (SKIP LOCKED gives them disjoint rows) and safe to run twice (a PRICED row is never selected again).
 * If the process dies after a commit and before publishing, those usage-priced records are not sent: the
 * burn and the stored row are right, only the notification is lost (see docs/rates.md).
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
    private final int pageSize;
    private final AtomicInteger pending = new AtomicInteger();

    public Repricer(Pool pool, Pricer pricer, RateCatalogService catalogs, UnpricedRepository unpriced,
            WalletRepository wallets, Downstream downstream, CostMetrics metrics, CostConfig config) {
        this.pool = pool;
        this.pricer = pricer;
        this.catalogs = catalogs;
        this.unpriced = unpriced;
        this.wallets = wallets;
        this.downstream = downstream;
        this.metrics = metrics;
        this.pageSize = config.reprice().batchSize();
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

    /** One full pass over the UNPRICED rows the current catalogue may cover; returns how many were priced. */
    public Uni<Integer> pass() {
        return catalogs.current().chain(catalog -> page(catalog, "", "", 0));
    }

    private Uni<Integer> page(RateCatalog catalog, String afterCustomer, String afterKey, int total) {
        List<String> keys = catalog.keys();
        if (keys.isEmpty()) {
            return Uni.createFrom().item(total);
        }
        return pool.withTransaction(conn -> unpriced
                .lockPage(conn, afterCustomer, afterKey, pricer.defaultProvider(), keys, pageSize)
                .chain(rows -> {
                    List<UsageRow> priced = new ArrayList<>();
                    List<Price> prices = new ArrayList<>();
                    List<UsageEventV1> events = new ArrayList<>();
                    for (UnpricedRow row : rows) {
                        Price price = pricer.price(row.event(), catalog, row.priceMultiplier());
                        if (price.priced()) {
                            events.add(row.event());
                            prices.add(price);
                        }
                    }
                    List<String> payers = Burns.payers(events, prices);
                    return wallets.allocateLedgerIds(conn, payers.size()).chain(ids -> {
                        Map<String, Long> ledger = Burns.ledgerIds(payers, ids);
                        for (int i = 0; i < events.size(); i++) {
                            priced.add(new UsageRow(events.get(i), prices.get(i),
                                    ledger.get(events.get(i).customerId())));
                        }
                        return priced.isEmpty() ? Uni.createFrom().item(List.<BurnRow>of())
                                : unpriced.markPriced(conn, priced)
                                        .chain(() -> wallets.burn(conn, Burns.walletBurns(priced, r -> true), "reprice"));
                    }).map(burns -> new PageResult(rows, priced, burns));
                }))
                .chain(result -> publish(result).replaceWith(result))
                .chain(result -> {
                    int sum = total + result.priced().size();
                    if (result.rows().size() < pageSize) {
                        return Uni.createFrom().item(sum);
                    }
                    UnpricedRow last = result.rows().get(result.rows().size() - 1);
                    return page(catalog, last.event().customerId(), last.event().dedupKey(), sum);
                });
    }

    private record PageResult(List<UnpricedRow> rows, List<UsageRow> priced, List<BurnRow> burns) {
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
