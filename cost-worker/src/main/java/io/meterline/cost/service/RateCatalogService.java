package io.meterline.cost.service;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.meterline.cost.config.CostConfig;
import io.meterline.cost.repository.RateRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/**
 * Holds the current {@link RateCatalog}. It is reloaded from provider_rates at start, on every
 * {@code NOTIFY provider_rates_changed} (the V1 trigger fires it on any change; this service LISTENs on a
 * dedicated connection that re-connects by itself and reloads after each re-connect, since notifications sent
 * while it was away are lost), and on a periodic fallback. Reloads never overlap: requests that arrive during
 * one are coalesced into one more reload. A row that cannot be read (stored by SQL behind the admin API's back) is
 * skipped with a warning and counted in the gauge {@code meterline_cost_rates_unreadable}; it never stops the others.
 */
@ApplicationScoped
public class RateCatalogService {

    static final String CHANNEL = "provider_rates_changed";
    /** Rows of provider_rates the last load could not read and skipped (meterline_cost_rates_unreadable). */
    static final String UNREADABLE_METRIC = "meterline.cost.rates.unreadable";
    private static final Logger LOG = Logger.getLogger(RateCatalogService.class);

    private final RateRepository rates;
    private final Event<RatesChanged> changed;
    private final Vertx vertx;
    private final CostConfig config;
    private final PgConnectOptions listenOptions;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private volatile RateCatalog current;
    private PgSubscriber subscriber;

    public RateCatalogService(RateRepository rates, Event<RatesChanged> changed, Vertx vertx, CostConfig config,
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.rates = rates;
        registry.gauge(UNREADABLE_METRIC, unreadable);
        this.changed = changed;
        this.vertx = vertx;
        this.config = config;
        this.listenOptions = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""))
                .setUser(user).setPassword(password);
    }

    /** The current catalogue, loading it first if this worker has none yet. */
    public Uni<RateCatalog> current() {
        RateCatalog catalog = current;
        return catalog != null ? Uni.createFrom().item(catalog) : load();
    }

    /** Asks for a reload; returns at once. */
    public void requestRefresh() {
        if (pending.getAndIncrement() == 0) {
            drain();
        }
    }

    @Scheduled(every = "{meterline.cost.rates.refresh-every}", delayed = "{meterline.cost.rates.refresh-every}")
    void periodicRefresh() {
        requestRefresh();
    }

    void onStart(@Observes StartupEvent start) {
        subscriber = PgSubscriber.subscriber(vertx, listenOptions)
                .reconnectPolicy(attempt -> config.rates().listenReconnectDelay().toMillis());
        subscriber.channel(CHANNEL)
                .handler(payload -> requestRefresh())
                .subscribeHandler(this::requestRefresh);
        subscriber.connect()
                .onFailure().invoke(f -> LOG.warnf("LISTEN %s failed (%s); retrying", CHANNEL, f.getMessage()))
                .onFailure().retry().withBackOff(config.rates().listenReconnectDelay()).indefinitely()
                .subscribe().with(ok -> LOG.debugf("listening on %s", CHANNEL), f -> LOG.error("LISTEN gave up", f));
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    private void drain() {
        int seen = pending.get();
        load().subscribe().with(catalog -> {
            if (pending.addAndGet(-seen) > 0) {
                drain();
            }
        }, failure -> {
            LOG.warnf("rate catalogue reload failed (%s); the periodic refresh will try again", failure.getMessage());
            pending.set(0);
        });
    }

    /** Never fails for a bad row: unreadable rows are skipped, logged and counted, all others are kept. */
    private Uni<RateCatalog> load() {
        return rates.loadAll().map(loaded -> {
            unreadable.set(loaded.unreadable().size());
            loaded.unreadable().forEach(reason -> LOG.warnf("rate skipped, it cannot be read: %s", reason));
            return new RateCatalog(loaded.rates());
        }).invoke(this::install);
    }

    private synchronized void install(RateCatalog catalog) {
        RateCatalog previous = current;
        current = catalog;
        if (previous == null || !previous.ids().equals(catalog.ids())) {
            LOG.infof("rate catalogue loaded: %d rates", catalog.size());
            changed.fire(new RatesChanged(catalog.size()));
        }
    }
}
