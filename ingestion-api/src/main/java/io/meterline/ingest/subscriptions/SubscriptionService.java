package io.meterline.ingest.subscriptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.meterline.common.billing.BillingPeriods;
import io.meterline.common.billing.BillingPeriods.Period;
import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.plans.PlanRepository;
import io.meterline.ingest.plans.PlanService;
import io.meterline.ingest.plans.PlanView;
import io.meterline.ingest.wallets.WalletRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A customer's subscription to a plan: subscribe, show, cancel at period end. Subscribing writes the subscription
 * only; its first period's grant, like every later one, is issued by the aggregation worker's renewal job (at its
 * next run, every minute by default), so one code path writes PLAN grants. One live (ACTIVE) subscription per
 * customer, kept by a partial unique index: a second subscribe answers 409. Subscribing locks the wallet first
 * (the ledger's lock order, as the renewal job does), so it never interleaves with a renewal of the same customer.
 */
@ApplicationScoped
public class SubscriptionService {

    /** How far starts_at may lie from now: the renewal job catches up at most this many months in one run. */
    static final Duration MAX_START_OFFSET = Duration.ofDays(366);

    private final Pool pool;
    private final WalletRepository wallets;
    private final PlanRepository plans;
    private final SubscriptionRepository subscriptions;
    private final Clock clock = Clock.systemUTC();

    public SubscriptionService(Pool pool, WalletRepository wallets, PlanRepository plans,
            SubscriptionRepository subscriptions) {
        this.pool = pool;
        this.wallets = wallets;
        this.plans = plans;
        this.subscriptions = subscriptions;
    }

    public Uni<SubscriptionView> subscribe(String customerId, SubscriptionRequest request) {
        Instant now = clock.instant();
        validate(request, now);
        Instant startsAt = request.startsAt() == null ? now.truncatedTo(ChronoUnit.MICROS) : request.startsAt();
        int anchor = request.anchorDay() == null ? BillingPeriods.anchorOf(startsAt) : request.anchorDay();
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> wallets.lock(tx, customerId)
                .flatMap(wallet -> {
                    if (wallet == null) {
                        throw CustomerService.notFound(customerId);
                    }
                    return plans.latest(tx, request.planId());
                })
                .flatMap(plan -> {
                    if (plan == null) {
                        throw PlanService.notFound(request.planId());
                    }
                    return subscriptions.endPast(tx, customerId)
                            .flatMap(ignored -> subscriptions.insert(tx, id, customerId, request.planId(), anchor,
                                    startsAt));
                }))
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new ApiException(409, "SUBSCRIPTION_EXISTS",
                        "Customer '" + customerId + "' already has a live subscription; cancel it first"))
                .flatMap(ignored -> show(pool, subscriptions.find(pool, id), now));
    }

    /** The live subscription, else the newest ended one; 404 when the customer never subscribed. */
    public Uni<SubscriptionView> get(String customerId) {
        return show(pool, subscriptions.current(pool, customerId).map(row -> {
            if (row == null) {
                throw noSubscription(customerId);
            }
            return row;
        }), clock.instant());
    }

    /**
     * Cancels at the end of the period containing now: no later period is issued, the current grant keeps its
     * expiry. A subscription that has not started ends at once. Cancelling again answers the same subscription.
     */
    public Uni<SubscriptionView> cancel(String customerId) {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> subscriptions.lockLive(tx, customerId)
                .flatMap(id -> {
                    if (id == null) {
                        throw noSubscription(customerId);
                    }
                    return subscriptions.find(tx, id);
                })
                .flatMap(row -> {
                    if (row.cancelAt() != null) {
                        return Uni.createFrom().item(row.id());
                    }
                    Period current = BillingPeriods.containing(row.startsAt(), row.anchorDay(), now);
                    return subscriptions.cancel(tx, row.id(), current == null ? row.startsAt() : current.end(),
                            current == null).replaceWith(row.id());
                }))
                .flatMap(id -> show(pool, subscriptions.find(pool, id), now));
    }

    private Uni<SubscriptionView> show(SqlClient sql, Uni<SubscriptionRow> found, Instant now) {
        return found.flatMap(row -> plans.latest(sql, row.planId()).flatMap(plan -> {
            Period current = "ACTIVE".equals(row.status()) && (row.cancelAt() == null || now.isBefore(row.cancelAt()))
                    ? BillingPeriods.containing(row.startsAt(), row.anchorDay(), now) : null;
            Uni<PeriodRow> issued = current == null ? Uni.createFrom().nullItem()
                    : subscriptions.period(sql, row.id(), current.start());
            return issued.map(p -> view(row, PlanView.of(plan), current, p, now));
        }));
    }

    static SubscriptionView view(SubscriptionRow row, PlanView plan, Period current, PeriodRow issued, Instant now) {
        SubscriptionView.CurrentPeriod period = current == null ? null : new SubscriptionView.CurrentPeriod(
                current.start(), current.end(), issued != null, issued == null ? null : issued.planVersion(),
                issued == null ? null : issued.credits(), issued == null ? null : issued.carried(),
                issued == null ? null : issued.grantId());
        Instant next = null;
        if ("ACTIVE".equals(row.status())) {
            next = current != null ? current.end() : now.isBefore(row.startsAt()) ? row.startsAt() : null;
            if (next != null && row.cancelAt() != null && !next.isBefore(row.cancelAt())) {
                next = null;
            }
        }
        return new SubscriptionView(row.id(), row.customerId(), row.status(), plan, row.anchorDay(), row.startsAt(),
                period, next, row.creditsGranted(), row.periodsIssued(), row.cancelAt(), row.createdAt(),
                row.canceledAt(), row.endedAt());
    }

    private static ApiException noSubscription(String customerId) {
        return ApiException.notFound("No live subscription for customer '" + customerId + "'");
    }

    static void validate(SubscriptionRequest r, Instant now) {
        if (r == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator().text("plan_id", r.planId(), true, 128);
        if (r.anchorDay() != null && (r.anchorDay() < BillingPeriods.MIN_ANCHOR
                || r.anchorDay() > BillingPeriods.MAX_ANCHOR)) {
            v.reject("anchor_day", "OUT_OF_RANGE", "must be between 1 and 31");
        }
        if (r.startsAt() != null && (r.startsAt().isBefore(now.minus(MAX_START_OFFSET))
                || r.startsAt().isAfter(now.plus(MAX_START_OFFSET)))) {
            v.reject("starts_at", "OUT_OF_RANGE", "must be within 366 days of now");
        }
        v.throwIfInvalid();
    }
}
