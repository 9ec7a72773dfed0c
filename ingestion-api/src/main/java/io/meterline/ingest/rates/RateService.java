package io.meterline.ingest.rates;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.meterline.common.error.FieldError;
import io.meterline.ingest.config.AdminConfig;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.rerates.RerateJobRepository;
import io.meterline.ingest.rerates.RerateJobRow;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Versioned provider prices. A bulk PUT is one transaction: all items apply or none. Per item, an identical
 * version (same key, valid_from, price_usd and unit_size) is a no-op, so a retried PUT changes nothing; otherwise
 * the latest version is closed at the new valid_from and the new one inserted. A valid_from not after the latest
 * version's is refused (409): history is never rewritten. Nor is the past repriced: a version that would close the
 * open one before now minus {@code meterline.admin.rate-past-skew} is refused (422), unless that open version was
 * created by the same PUT; a first version may start in the past (it can only price UNPRICED events). A name
 * (model or alias) belongs to one model of a provider (409 ALIAS_CONFLICT otherwise). Writers of one key, and alias
 * checks of one provider, are serialised by advisory locks taken in one sorted order.
 *
 * <p>With {@code "rerate": true} an item corrects the past instead (see {@link #correct}): one re-rating job per PUT,
 * created in the same transaction, runs in the cost worker.
 *
 * <p>Re-pricing is automatic: the NOTIFY trigger on provider_rates makes cost workers reload and re-price
 * UNPRICED events, so there is no reprice endpoint.
 */
@ApplicationScoped
public class RateService {

    public static final Set<String> COST_TYPES = Set.of("INPUT_TOKEN", "CACHED_INPUT_TOKEN", "CACHE_WRITE_TOKEN",
            "OUTPUT_TOKEN", "REQUEST", "IMAGE", "AUDIO_SECOND", "UNIT");
    static final long DEFAULT_UNIT_SIZE = 1_000_000L;
    static final int MAX_ITEMS = 1000;
    private static final String ALIAS_LOCK = "aliases|";

    /** An item after validation and normalisation (provider lower-case, cost type upper-case, defaults applied). */
    record Item(int index, String provider, String model, String costType, BigDecimal priceUsd, long unitSize,
            List<String> aliases, Instant validFrom, String source, boolean rerate, Instant validUntil) {

        String lockKey() {
            return provider + '|' + model.toLowerCase(Locale.ROOT) + '|' + costType;
        }
    }

    /**
     * What one PUT has done so far: the versions it created, which it may still close (they priced nothing yet),
     * and, when an item asked for re-rating, the job's id, scopes and the versions it stored and replaced.
     */
    private record Progress(Instant earliestClose, Set<Long> created, List<RateChangeView> changes, UUID job,
            List<RerateJobRow.Scope> scopes, List<Long> corrected, List<Long> superseded) {
    }

    private final Pool pool;
    private final RateRepository rates;
    private final RerateJobRepository jobs;
    private final Duration pastSkew;

    public RateService(Pool pool, RateRepository rates, RerateJobRepository jobs, AdminConfig config) {
        this.pool = pool;
        this.rates = rates;
        this.jobs = jobs;
        this.pastSkew = config.ratePastSkew();
    }

    public Uni<RateChangesView> put(List<RateRequest> requests) {
        List<Item> items = RateValidation.validate(requests, MAX_ITEMS);
        Set<String> keys = new TreeSet<>(); // one global order, so two PUTs never wait on each other's locks
        items.forEach(item -> {
            keys.add(item.lockKey());
            keys.add(ALIAS_LOCK + item.provider()); // serialises alias checks of one provider
        });
        UUID job = items.stream().anyMatch(Item::rerate) ? UUID.randomUUID() : null;
        Progress progress = new Progress(Instant.now().minus(pastSkew), new HashSet<>(), new ArrayList<>(), job,
                new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        return pool.withTransaction(tx -> {
            Uni<Void> locked = Uni.createFrom().voidItem();
            for (String key : keys) {
                locked = locked.flatMap(ignored -> rates.lockKey(tx, key));
            }
            Uni<List<RateChangeView>> applied = locked.map(ignored -> progress.changes());
            for (Item item : items) {
                applied = applied.flatMap(done -> apply(tx, item, progress).map(change -> {
                    done.add(change);
                    return done;
                }));
            }
            return applied.flatMap(done -> job == null ? Uni.createFrom().item(new RateChangesView(done, null))
                    : jobs.insert(tx, job, progress.scopes(), progress.corrected(), progress.superseded())
                            .replaceWith(new RateChangesView(done, job)));
        }).onFailure(SqlErrors::isUniqueViolation).transform(e -> ApiException.conflict(
                "The rates changed concurrently; retry the request"));
    }

    public Uni<Page<RateView>> search(String provider, String model, String costType, String at, String limit,
            String cursor) {
        int size = Paging.limit(limit);
        Instant when = Validator.instant("at", at);
        String type = costType == null || costType.isBlank() ? null : costType.trim().toUpperCase(Locale.ROOT);
        if (type != null && !COST_TYPES.contains(type)) {
            throw ApiException.invalid("cost_type", "must be one of " + new TreeSet<>(COST_TYPES));
        }
        Long afterId = Paging.decodeLong(cursor);
        String normalisedProvider = provider == null || provider.isBlank() ? null : provider.trim().toLowerCase(Locale.ROOT);
        String normalisedModel = model == null || model.isBlank() ? null : model.trim();
        return rates.search(pool, normalisedProvider, normalisedModel, type, when, afterId, size + 1)
                .map(rows -> Paging.page(rows, size, RateService::view, row -> Paging.encode(Long.toString(row.id()))));
    }

    private Uni<RateChangeView> apply(SqlClient tx, Item item, Progress progress) {
        if (item.rerate()) {
            return correct(tx, item, progress);
        }
        return rates.findVersion(tx, item.provider(), item.model(), item.costType(), item.validFrom())
                .flatMap(same -> {
                    if (same != null) {
                        if (same.priceUsd().compareTo(item.priceUsd()) == 0 && same.unitSize() == item.unitSize()) {
                            return Uni.createFrom().item(new RateChangeView(item.index(), "UNCHANGED", view(same), null));
                        }
                        throw conflict(item, "a version starting at " + item.validFrom()
                                + " already exists with another price; versions are never overwritten");
                    }
                    return rates.aliasClash(tx, item.provider(), item.model(), item.aliases())
                            .flatMap(clash -> {
                                if (clash != null) {
                                    throw aliasConflict(item, clash);
                                }
                                return rates.latest(tx, item.provider(), item.model(), item.costType());
                            })
                            .flatMap(latest -> insertAfter(tx, item, latest, progress));
                });
    }

    private Uni<RateChangeView> insertAfter(SqlClient tx, Item item, RateRow latest, Progress progress) {
        if (latest != null && !item.validFrom().isAfter(latest.validFrom())) {
            throw conflict(item, "must be after " + latest.validFrom() + ", the valid_from of the current version "
                    + latest.id() + "; history is never rewritten");
        }
        if (latest != null && latest.validUntil() != null && latest.validUntil().isAfter(item.validFrom())) {
            throw conflict(item, "overlaps version " + latest.id() + ", valid until " + latest.validUntil());
        }
        boolean closes = latest != null && latest.validUntil() == null;
        if (closes && item.validFrom().isBefore(progress.earliestClose()) && !progress.created().contains(latest.id())) {
            throw inPast(item, latest, progress.earliestClose());
        }
        Uni<Void> closed = closes ? rates.close(tx, latest.id(), item.validFrom()) : Uni.createFrom().voidItem();
        return closed.flatMap(ignored -> rates.insert(tx, item.provider(), item.model(), item.costType(),
                        item.priceUsd(), item.unitSize(), item.aliases(), item.validFrom(), item.source()))
                .map(row -> {
                    progress.created().add(row.id());
                    return new RateChangeView(item.index(), "CREATED", view(row), closes ? latest.id() : null);
                });
    }

    /**
     * A correction with re-rating: the current versions overlapping [valid_from, valid_until) are superseded by the
     * job (kept as history, no longer applied), their parts outside the window stored again with their own price,
     * and the corrected version stored for the window; the job then re-rates the window's PRICED usage. The same
     * correction again is UNCHANGED (and its job changes nothing).
     */
    private Uni<RateChangeView> correct(SqlClient tx, Item item, Progress progress) {
        progress.scopes().add(new RerateJobRow.Scope(item.provider(), item.model(), item.validFrom(), item.validUntil()));
        return rates.findVersion(tx, item.provider(), item.model(), item.costType(), item.validFrom()).flatMap(same -> {
            if (same != null && same.priceUsd().compareTo(item.priceUsd()) == 0 && same.unitSize() == item.unitSize()
                    && Objects.equals(same.validUntil(), item.validUntil())) {
                return Uni.createFrom().item(new RateChangeView(item.index(), "UNCHANGED", view(same), null));
            }
            return rates.aliasClash(tx, item.provider(), item.model(), item.aliases()).flatMap(clash -> {
                if (clash != null) {
                    throw aliasConflict(item, clash);
                }
                return rates.supersede(tx, item.provider(), item.model(), item.costType(), item.validFrom(),
                        item.validUntil(), progress.job());
            }).flatMap(replaced -> keepOutside(tx, item, replaced)
                    .flatMap(ignored -> rates.insert(tx, item.provider(), item.model(), item.costType(), item.priceUsd(),
                            item.unitSize(), item.aliases(), item.validFrom(), item.validUntil(), item.source()))
                    .map(row -> {
                        progress.created().add(row.id());
                        progress.corrected().add(row.id());
                        List<Long> ids = replaced.stream().map(RateRow::id).toList();
                        progress.superseded().addAll(ids);
                        return new RateChangeView(item.index(), "CREATED", view(row), null, ids);
                    }));
        });
    }

    /** Stores again, with their own price, the parts of the replaced versions before and after the window. */
    private Uni<Void> keepOutside(SqlClient tx, Item item, List<RateRow> replaced) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (RateRow old : replaced) {
            if (old.validFrom().isBefore(item.validFrom())) {
                done = done.flatMap(ignored -> rates.insert(tx, old.provider(), old.model(), old.costType(),
                        old.priceUsd(), old.unitSize(), old.aliases(), old.validFrom(), item.validFrom(), old.source())
                        .replaceWithVoid());
            }
            if (item.validUntil() != null && (old.validUntil() == null || old.validUntil().isAfter(item.validUntil()))) {
                done = done.flatMap(ignored -> rates.insert(tx, old.provider(), old.model(), old.costType(),
                        old.priceUsd(), old.unitSize(), old.aliases(), item.validUntil(), old.validUntil(), old.source())
                        .replaceWithVoid());
            }
        }
        return done;
    }

    /**
     * Closing the open version at a past instant would change the price of events it already priced. Only a first
     * version may start in the past: it can only price UNPRICED events, which is the automatic re-pricing.
     */
    private static ApiException inPast(Item item, RateRow latest, Instant earliest) {
        String field = "[" + item.index() + "].valid_from";
        String reason = "must not be before " + earliest + " (now minus meterline.admin.rate-past-skew): it would "
                + "change the price of events already priced by version " + latest.id() + " (valid from "
                + latest.validFrom() + "). Start the new version now or later, or send \"rerate\": true to correct "
                + "the past and re-rate the usage it priced";
        return ApiException.invalid(List.of(new FieldError(field, "IN_PAST", reason)));
    }

    private static ApiException aliasConflict(Item item, RateRepository.AliasClash clash) {
        boolean modelClash = clash.name().equalsIgnoreCase(item.model());
        String field = "[" + item.index() + "]." + (modelClash ? "model" : "aliases");
        String reason = "'" + clash.name() + "' already names model '" + clash.otherModel() + "' of provider '"
                + item.provider() + "'; a name (model or alias) belongs to one model of a provider only";
        return new ApiException(409, "ALIAS_CONFLICT", field + ": " + reason,
                List.of(new FieldError(field, "ALIAS_CONFLICT", reason)), Map.of());
    }

    private static ApiException conflict(Item item, String reason) {
        String field = "[" + item.index() + "].valid_from";
        return new ApiException(409, "RATE_CONFLICT", field + ": " + reason,
                List.of(new FieldError(field, "CONFLICT", reason)), Map.of());
    }

    static RateView view(RateRow row) {
        return new RateView(row.id(), row.provider(), row.model(), row.costType(), row.priceUsd(), row.unitSize(),
                row.aliases(), row.validFrom(), row.validUntil(), row.source(), row.createdAt());
    }

    static long unitSizeOrDefault(Long unitSize) {
        return Objects.requireNonNullElse(unitSize, DEFAULT_UNIT_SIZE);
    }
}
