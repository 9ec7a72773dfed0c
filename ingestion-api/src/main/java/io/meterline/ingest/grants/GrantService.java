package io.meterline.ingest.grants;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.meterline.common.error.FieldError;
import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.Posting;
import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.meterline.ingest.wallets.WalletRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Credit grants of a customer: created (and posted when already effective), listed, voided. Every money move is
 * one ledger row posted through the {@link Ledger} with the grant named ({@code grant:<id>} credits it,
 * {@code void:<id>} removes its unused remainder); the grants job posts future grants and expiries the same way.
 *
 * <p>Order inside one transaction: lock the wallet (the ledger's lock, taken first by everything that touches
 * a wallet's grants), look the grant up, insert it PENDING, post its GRANT row if effective. Concurrent retries
 * queue on the wallet lock and find the committed grant: the same request answers 200 with it, another one 409.
 * Should two still race, the primary key (customer_id, grant_id) rejects the second, which is then answered the
 * same way.
 */
@ApplicationScoped
public class GrantService {

    /** A created (or replayed) grant. */
    public record Created(GrantView grant, boolean created) {
    }

    static final Set<String> SOURCES = Set.of("PURCHASE", "PROMOTIONAL", "PLAN", "ADJUSTMENT");
    static final int DEFAULT_PRIORITY = 100;
    static final int MAX_PRIORITY = 1_000_000;
    static final int MAX_METADATA_CHARS = 4096;
    /** What the balance shows at most; grants beyond it are still spent and listed by the admin API. */
    public static final int BALANCE_GRANTS = 100;

    private final Pool pool;
    private final WalletRepository wallets;
    private final GrantRepository grants;

    public GrantService(Pool pool, WalletRepository wallets, GrantRepository grants) {
        this.pool = pool;
        this.wallets = wallets;
        this.grants = grants;
    }

    public Uni<Created> create(String customerId, GrantRequest request) {
        validate(request);
        int priority = request.priority() == null ? DEFAULT_PRIORITY : request.priority();
        String fingerprint = fingerprint(request, priority);
        String metadata = request.metadata() == null || request.metadata().isNull() ? null
                : request.metadata().toString();
        return pool.withTransaction(tx -> locked(tx, customerId)
                .flatMap(ignored -> grants.find(tx, customerId, request.grantId()))
                .flatMap(existing -> existing != null ? replay(tx, existing, fingerprint, metadata)
                        : grants.insert(tx, customerId, request, priority, fingerprint)
                                .call(effective -> effective ? Ledger.post(tx, Posting.of(customerId, "GRANT",
                                        request.amount(), "grant:" + request.grantId(), "grant " + request.grantId())
                                        .withGrant(request.grantId())) : Uni.createFrom().nullItem())
                                .flatMap(posted -> grants.find(tx, customerId, request.grantId()))
                                .map(row -> new Created(GrantView.of(row), true))))
                .onFailure(SqlErrors::isUniqueViolation)
                .recoverWithUni(() -> grants.find(pool, customerId, request.grantId()).flatMap(row -> {
                    if (row == null) {
                        throw ApiException.conflict("A concurrent request with this grant_id failed; retry");
                    }
                    return replay(pool, row, fingerprint, metadata);
                }))
                .onFailure(SqlErrors::isNumericOverflow)
                .transform(e -> ApiException.invalid("amount", "would take the balance beyond the largest amount"))
                // validated against the clock on arrival, then passed while the request waited for a connection:
                // without effective_at the grant starts at the transaction's start, after expires_at
                .onFailure(e -> SqlErrors.isCheckViolation(e, "credit_grants_window"))
                .transform(e -> ApiException.invalid(List.of(new FieldError("expires_at", "IN_THE_PAST",
                        "passed before the grant could be written; must be in the future"))));
    }

    /** The customer's grants, newest first. */
    public Uni<Page<GrantView>> list(String customerId, String limit, String cursor) {
        int size = Paging.limit(limit);
        Long beforeSeq = Paging.decodeLong(cursor);
        return wallets.find(pool, customerId).flatMap(wallet -> {
            if (wallet == null) {
                throw CustomerService.notFound(customerId);
            }
            return grants.page(pool, customerId, beforeSeq, size + 1);
        }).map(rows -> Paging.page(rows, size, p -> GrantView.of(p.grant()),
                p -> Paging.encode(Long.toString(p.seq()))));
    }

    /** What the customer can spend, in burn order, then the grants still to come (for the balance). */
    public Uni<List<GrantView>> open(String customerId) {
        return grants.open(pool, customerId, BALANCE_GRANTS).map(rows -> rows.stream().map(GrantView::of).toList());
    }

    /**
     * Removes a grant's unused remainder with a VOID row ({@code void:<grant_id>}) and closes it VOIDED; a
     * PENDING grant is closed without a row (nothing of it was posted). Voiding again answers the voided grant.
     */
    public Uni<GrantView> voidGrant(String customerId, String grantId) {
        return pool.withTransaction(tx -> locked(tx, customerId)
                .flatMap(ignored -> grants.find(tx, customerId, grantId))
                .flatMap(grant -> {
                    if (grant == null) {
                        throw ApiException.notFound("No grant '" + grantId + "' for customer '" + customerId + "'");
                    }
                    if ("VOIDED".equals(grant.state())) {
                        return Uni.createFrom().item(grant);
                    }
                    if ("EXPIRED".equals(grant.state())) {
                        throw new ApiException(409, "GRANT_CLOSED", "Grant '" + grantId + "' has expired");
                    }
                    Uni<?> posted = grant.remaining().signum() == 0 ? Uni.createFrom().nullItem()
                            : Ledger.post(tx, Posting.of(customerId, "VOID", grant.remaining().negate(),
                                    "void:" + grantId, "void grant " + grantId).withGrant(grantId));
                    return posted.flatMap(ignored -> grants.close(tx, customerId, grantId, "VOIDED"))
                            .flatMap(ignored -> grants.find(tx, customerId, grantId));
                })).map(GrantView::of);
    }

    private Uni<Object> locked(SqlClient tx, String customerId) {
        return wallets.lock(tx, customerId).map(wallet -> {
            if (wallet == null) {
                throw CustomerService.notFound(customerId);
            }
            return wallet;
        });
    }

    /** Same grant_id and the same request: the original grant. Anything else reusing the grant_id is a conflict. */
    private Uni<Created> replay(SqlClient sql, GrantRow existing, String fingerprint, String metadata) {
        return grants.sameRequest(sql, existing.customerId(), existing.grantId(), fingerprint, metadata).map(same -> {
            if (!same) {
                throw new ApiException(409, "IDEMPOTENCY_CONFLICT", "grant_id '" + existing.grantId()
                        + "' was already used for another grant (" + existing.source() + " of "
                        + existing.amount().toPlainString() + ")");
            }
            return new Created(GrantView.of(existing), false);
        });
    }

    /** What makes two requests the same grant (metadata is compared as JSON by the repository). */
    static String fingerprint(GrantRequest r, int priority) {
        return String.join("|", r.amount().stripTrailingZeros().toPlainString(), r.source(), Integer.toString(priority),
                r.effectiveAt() == null ? "" : r.effectiveAt().toString(),
                r.expiresAt() == null ? "" : r.expiresAt().toString());
    }

    static void validate(GrantRequest r) {
        if (r == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator().text("grant_id", r.grantId(), true, 128)
                .pattern("grant_id", r.grantId(), "[A-Za-z0-9][A-Za-z0-9._-]*",
                        "must start with a letter or digit and hold only letters, digits, '.', '_' and '-'")
                .money("amount", r.amount(), true, Sign.POSITIVE, MoneyBounds.WALLET_WRITE_MAX)
                .required("source", r.source());
        if (r.source() != null && !SOURCES.contains(r.source())) {
            v.reject("source", "INVALID", "must be one of PURCHASE, PROMOTIONAL, PLAN, ADJUSTMENT");
        }
        if (r.priority() != null && (r.priority() < 0 || r.priority() > MAX_PRIORITY)) {
            v.reject("priority", "OUT_OF_RANGE", "must be between 0 and " + MAX_PRIORITY);
        }
        Instant now = Instant.now();
        Instant start = r.effectiveAt() == null ? now : r.effectiveAt();
        if (r.expiresAt() != null && !r.expiresAt().isAfter(start)) {
            v.reject("expires_at", "NOT_AFTER_EFFECTIVE_AT", "must be after effective_at");
        } else if (r.expiresAt() != null && !r.expiresAt().isAfter(now)) {
            v.reject("expires_at", "IN_THE_PAST", "must be in the future");
        }
        if (r.metadata() != null && !r.metadata().isNull()) {
            if (!r.metadata().isObject()) {
                v.reject("metadata", "INVALID", "must be a JSON object");
            } else if (r.metadata().toString().length() > MAX_METADATA_CHARS) {
                v.reject("metadata", "TOO_LARGE", "must be at most " + MAX_METADATA_CHARS + " characters serialized");
            } else if (r.metadata().toString().contains("\\u0000")) {
                v.reject("metadata", "INVALID_TEXT", "must not contain NUL characters");
            }
        }
        v.throwIfInvalid();
    }
}
