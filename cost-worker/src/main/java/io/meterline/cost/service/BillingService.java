package io.meterline.cost.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.meterline.common.db.SqlStates;
import io.meterline.common.event.UsageEventV1;
import io.meterline.common.event.UsagePricedV1;
import io.meterline.common.event.WalletAlertV1;
import io.meterline.common.ledger.Holds;
import io.meterline.common.ledger.Settlement;
import io.meterline.cost.repository.BurnRow;
import io.meterline.cost.repository.CustomerRepository;
import io.meterline.cost.repository.StoredUsage;
import io.meterline.cost.repository.UsageKeys;
import io.meterline.cost.repository.UsageRepository;
import io.meterline.cost.repository.UsageRow;
import io.meterline.cost.repository.WalletRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores and burns one consumed batch in ONE Postgres transaction of two statements whatever the batch size:
 * allocate ledger ids, then insert every usage row (ON CONFLICT skip) and burn, in the same statement, exactly
 * the credits of the rows the insert wrote, one BURN row per wallet through the ledger. A redelivered event is
 * never charged twice, and a PRICED row never goes unburned; rows that already existed are read back after the
 * commit so that downstream still gets their usage-priced record. A burn that crosses a wallet line also writes its
 * webhook (wallet.low_balance, wallet.depleted) to the outbox in that transaction ({@link WalletWebhooks}), and
 * events naming a reservation settle it there too (a third statement, only for such batches). A batch with events
 * that wrote no row records, in that transaction too, those whose key is stored under another event id
 * (usage_duplicates: a reused idempotency key, never billed, its status REJECTED; one more statement, only then).
 */
@ApplicationScoped
public class BillingService {

    private static final Logger LOG = Logger.getLogger(BillingService.class);

    private final Pool pool;
    private final Pricer pricer;
    private final CustomerRepository customers;
    private final UsageRepository usage;
    private final WalletRepository wallets;
    private final CostMetrics metrics;

    public BillingService(Pool pool, Pricer pricer, CustomerRepository customers, UsageRepository usage,
            WalletRepository wallets, CostMetrics metrics) {
        this.pool = pool;
        this.pricer = pricer;
        this.customers = customers;
        this.usage = usage;
        this.wallets = wallets;
        this.metrics = metrics;
    }

    /**
     * Bills the batch; when Postgres rejects its data (SQLSTATE class 22 or 23, a bug in validation rather than
     * an outage), bills the events one by one so only the offending event is rejected and the partition moves on.
     * Other failures propagate: the caller retries the whole batch, nothing having been committed.
     */
    public Uni<Billed> bill(List<UsageEventV1> events, RateCatalog catalog) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(new Billed(List.of(), List.of(), List.of()));
        }
        return billTogether(events, catalog).onFailure(SqlStates::isDataError).recoverWithUni(failure -> {
            if (events.size() == 1) {
                LOG.warnf("event rejected by the database: %s", failure.getMessage());
                return Uni.createFrom().item(Billed.rejectedOnly(0, "rejected by database: " + failure.getMessage()));
            }
            LOG.warnf("batch rejected by the database (%s); billing its %d events one by one", failure.getMessage(),
                    events.size());
            return Multi.createFrom().range(0, events.size())
                    .onItem().transformToUniAndConcatenate(i -> bill(List.of(events.get(i)), catalog)
                            .map(b -> b.shifted(i)))
                    .collect().asList().map(Billed::merge);
        });
    }

    private Uni<Billed> billTogether(List<UsageEventV1> events, RateCatalog catalog) {
        Set<String> customerIds = new HashSet<>();
        events.forEach(e -> customerIds.add(e.customerId()));
        return customers.tariffs(customerIds).chain(tariffs -> {
            List<Billed.Rejected> rejected = new ArrayList<>();
            List<UsageEventV1> accepted = new ArrayList<>(events.size());
            List<Price> prices = new ArrayList<>(events.size());
            List<UsageEventV1> repeats = new ArrayList<>();
            Set<String> keys = new HashSet<>(events.size() * 2);
            for (int i = 0; i < events.size(); i++) {
                UsageEventV1 event = events.get(i);
                Tariff tariff = tariffs.get(event.customerId());
                if (tariff == null) {
                    rejected.add(new Billed.Rejected(i, "unknown customer (or customer without wallet): "
                            + event.customerId()));
                } else if (!keys.add(event.customerId() + '\u0001' + event.dedupKey())) {
                    repeats.add(event); // same key twice in one batch: the first is stored, this one is a repeat
                } else {
                    accepted.add(event);
                    prices.add(pricer.price(event, catalog, tariff));
                }
            }
            return store(accepted, prices, repeats, rejected);
        });
    }

    private Uni<Billed> store(List<UsageEventV1> events, List<Price> prices, List<UsageEventV1> repeats,
            List<Billed.Rejected> rejected) {
        List<String> payers = Burns.payers(events, prices);
        return pool.withTransaction(conn -> wallets.allocateLedgerIds(conn, payers.size()).chain(ids -> {
            Map<String, Long> ledger = Burns.ledgerIds(payers, ids);
            List<UsageRow> rows = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                Price price = prices.get(i);
                rows.add(new UsageRow(events.get(i), price,
                        price.priced() ? ledger.get(events.get(i).customerId()) : null));
            }
            return usage.insertAndBurn(conn, rows)
                    .map(charged -> new Committed(rows, charged.keys(), skipped(rows, charged.keys(), repeats),
                            charged.burns()))
                    .call(tx -> usage.recordDuplicates(conn, tx.skipped()))
                    .call(tx -> settle(conn, rows, tx.inserted()))
                    .call(tx -> WalletWebhooks.enqueue(conn, tx.burns()));
        })).chain(tx -> readBackAndAssemble(tx, rejected));
    }

    /**
     * Settles the reservations that the rows this batch wrote name, in the burn's transaction (the ledger's
     * {@code ledger_settle}: OPEN and unexpired ones only, first item wins). No statement when no written row names
     * one (the burn is the hot path); a redelivered event wrote no row, so it settles nothing again.
     */
    private static Uni<Integer> settle(SqlConnection conn, List<UsageRow> rows, Set<String> written) {
        List<Settlement> items = null;
        for (UsageRow row : rows) {
            String reservation = row.event().reservationId();
            if (reservation != null && written.contains(row.key())) {
                if (items == null) {
                    items = new ArrayList<>();
                }
                items.add(new Settlement(row.event().customerId(), reservation,
                        row.price().priced() ? row.price().credits() : null, Settlement.EVENT,
                        row.event().eventId().toString()));
            }
        }
        return items == null ? Uni.createFrom().item(0) : Holds.settle(conn, items);
    }

    /**
     * The events of the batch that wrote no row: their key was already stored (a redelivery, or a reused
     * idempotency key under another event id) or repeated within the batch. Empty on the hot path.
     */
    private static List<UsageEventV1> skipped(List<UsageRow> rows, Set<String> written, List<UsageEventV1> repeats) {
        if (repeats.isEmpty() && written.size() == rows.size()) {
            return List.of();
        }
        List<UsageEventV1> skipped = new ArrayList<>(repeats);
        for (UsageRow row : rows) {
            if (!written.contains(row.key())) {
                skipped.add(row.event());
            }
        }
        return skipped;
    }

    /** What the transaction wrote: the rows it tried, the keys it inserted, the events it skipped, the burns. */
    private record Committed(List<UsageRow> rows, Set<String> inserted, List<UsageEventV1> skipped,
            List<BurnRow> burns) {
    }

    private Uni<Billed> readBackAndAssemble(Committed tx, List<Billed.Rejected> rejected) {
        List<UsageEventV1> old = tx.skipped();
        List<String> oldCustomers = old.stream().map(UsageEventV1::customerId).toList();
        List<String> oldKeys = old.stream().map(UsageEventV1::dedupKey).toList();
        return usage.stored(oldCustomers, oldKeys).map(stored -> {
            Map<String, BigDecimal> balanceAfter = new HashMap<>();
            tx.burns().forEach(b -> balanceAfter.put(b.customerId(), b.balanceAfter()));
            List<UsagePricedV1> out = new ArrayList<>(tx.rows().size() + old.size());
            int newPriced = 0;
            int newUnpriced = 0;
            for (UsageRow row : tx.rows()) {
                if (tx.inserted().contains(row.key())) {
                    boolean priced = row.price().priced();
                    newPriced += priced ? 1 : 0;
                    newUnpriced += priced ? 0 : 1;
                    out.add(Burns.priced(row.event(), row.price(), row.ledgerTxId(),
                            priced ? balanceAfter.get(row.event().customerId()) : null, false));
                }
            }
            Map<String, StoredUsage> byKey = new HashMap<>(stored.size() * 2);
            Map<Long, BurnRow> oldBurns = new HashMap<>();
            for (StoredUsage s : stored) {
                byKey.put(s.key(), s);
                if (s.burn() != null) {
                    oldBurns.put(s.burn().ledgerTxId(), s.burn());
                }
            }
            for (UsageEventV1 event : old) {
                StoredUsage s = byKey.get(UsageKeys.of(event.customerId(), event.dedupKey()));
                // a redelivery gets its record again (at least once); an event that reused another's idempotency
                // key gets none: it was not billed (usage_duplicates), and the stored price is the other event's
                if (s != null && s.eventId().equals(event.eventId())) {
                    out.add(Burns.stored(event, s));
                }
            }
            List<WalletAlertV1> alerts = new ArrayList<>(Burns.alerts(tx.burns()));
            alerts.addAll(Burns.alerts(oldBurns.values()));
            metrics.stored(newPriced, newUnpriced, old.size(), tx.burns().size());
            return new Billed(out, alerts, rejected);
        });
    }
}
