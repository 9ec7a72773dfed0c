package io.meterline.ingest.plans;

import java.util.Set;

import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Plans and their versions. Posting a plan_id for the first time creates version 1; posting it again with any field
 * changed adds the next version (periods that start after it use it, see docs/plans.md); the same body again
 * answers the current version, so retries are safe. Versions of one plan_id are taken under a transaction-scoped
 * advisory lock on it, so two concurrent posts never race for a number.
 */
@ApplicationScoped
public class PlanService {

    /** A plan version created (or the current one replayed). */
    public record Saved(PlanView plan, boolean created) {
    }

    static final Set<String> ROLLOVERS = Set.of("NONE", "CAPPED", "FULL");
    static final int DEFAULT_PRIORITY = 100;
    static final int MAX_PRIORITY = 1_000_000;

    private final Pool pool;
    private final PlanRepository plans;

    public PlanService(Pool pool, PlanRepository plans) {
        this.pool = pool;
        this.plans = plans;
    }

    public Uni<Saved> save(PlanRequest request) {
        validate(request);
        int priority = request.grantPriority() == null ? DEFAULT_PRIORITY : request.grantPriority();
        return pool.withTransaction(tx -> plans.lock(tx, request.planId())
                .flatMap(ignored -> plans.latest(tx, request.planId()))
                .flatMap(latest -> latest != null && latest.sameAs(request, priority)
                        ? Uni.createFrom().item(new Saved(PlanView.of(latest), false))
                        : plans.insert(tx, latest == null ? 1 : latest.version() + 1, request, priority)
                                .map(row -> new Saved(PlanView.of(row), true))));
    }

    public Uni<PlanDetailView> get(String planId) {
        return plans.versions(pool, planId).map(versions -> {
            if (versions.isEmpty()) {
                throw notFound(planId);
            }
            return new PlanDetailView(planId, PlanView.of(versions.get(versions.size() - 1)),
                    versions.stream().map(PlanView::of).toList());
        });
    }

    /** The current version of every plan, by plan_id. */
    public Uni<Page<PlanView>> list(String limit, String cursor) {
        int size = Paging.limit(limit);
        String after = cursor == null ? null : Paging.decode(cursor, 1)[0];
        return plans.page(pool, after, size + 1)
                .map(rows -> Paging.page(rows, size, PlanView::of, p -> Paging.encode(p.planId())));
    }

    public static ApiException notFound(String planId) {
        return ApiException.notFound("No plan with id '" + planId + "'");
    }

    static void validate(PlanRequest r) {
        if (r == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator().text("plan_id", r.planId(), true, 128)
                .pattern("plan_id", r.planId(), "[A-Za-z0-9][A-Za-z0-9._-]*",
                        "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'")
                .text("name", r.name(), true, 200)
                .money("monthly_credits", r.monthlyCredits(), true, Sign.POSITIVE, MoneyBounds.WALLET_WRITE_MAX)
                .required("rollover", r.rollover());
        if (r.rollover() != null && !ROLLOVERS.contains(r.rollover())) {
            v.reject("rollover", "INVALID", "must be one of NONE, CAPPED, FULL");
        }
        if ("CAPPED".equals(r.rollover())) {
            v.money("rollover_max", r.rolloverMax(), true, Sign.NON_NEGATIVE, MoneyBounds.WALLET_WRITE_MAX);
        } else if (r.rolloverMax() != null) {
            v.reject("rollover_max", "NOT_ALLOWED", "is only allowed with rollover CAPPED");
        }
        if (r.grantPriority() != null && (r.grantPriority() < 0 || r.grantPriority() > MAX_PRIORITY)) {
            v.reject("grant_priority", "OUT_OF_RANGE", "must be between 0 and " + MAX_PRIORITY);
        }
        v.throwIfInvalid();
    }
}
