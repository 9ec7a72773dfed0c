package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.meterline.common.error.FieldError;
import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.LedgerEntry;
import io.meterline.common.ledger.Posting;
import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.Page;
import io.meterline.ingest.http.Paging;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Credits and corrections to a wallet, each one ledger row posted through the {@link Ledger}.
 *
 * <p>Order inside one transaction: lock the wallet row (SELECT ... FOR UPDATE), look the idempotency key up,
 * then post the row (the ledger sequences and chains it under that lock). Concurrent retries queue on the
 * lock, and the later ones find the committed row, so a key is credited once. Should two still race (the row is
 * not yet visible), the unique (customer_id, idempotency_key) constraint rejects the second insert, its
 * transaction rolls back whole, and the original row is read back and answered as a replay.
 */
@ApplicationScoped
public class WalletService {

    /** A posted (or replayed) ledger row. */
    public record Posted(LedgerEntryView entry, boolean created) {
    }

    private final Pool pool;
    private final WalletRepository wallets;
    private final LedgerRepository ledger;

    public WalletService(Pool pool, WalletRepository wallets, LedgerRepository ledger) {
        this.pool = pool;
        this.wallets = wallets;
        this.ledger = ledger;
    }

    public Uni<Posted> topUp(String customerId, TopUpRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        new Validator().money("amount", request.amount(), true, Sign.POSITIVE, MoneyBounds.WALLET_WRITE_MAX)
                .text("idempotency_key", request.idempotencyKey(), true, 256)
                .freeText("description", request.description(), false, 1000).throwIfInvalid();
        return post(customerId, "TOP_UP", request.amount(), request.idempotencyKey(), request.description());
    }

    public Uni<Posted> adjust(String customerId, AdjustmentRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        new Validator().money("amount", request.amount(), true, Sign.NON_ZERO, MoneyBounds.WALLET_WRITE_MAX)
                .freeText("reason", request.reason(), true, 1000)
                .text("idempotency_key", request.idempotencyKey(), true, 256).throwIfInvalid();
        return post(customerId, "ADJUSTMENT", request.amount(), request.idempotencyKey(), request.reason());
    }

    /** The admin's wallet settings (spend_mode); 422 naming the field for a value other than SOFT or HARD. */
    public Uni<WalletView> update(String customerId, WalletUpdateRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        String mode = request.spendMode();
        if (mode != null && !mode.equals("SOFT") && !mode.equals("HARD")) {
            throw ApiException.invalid(List.of(new FieldError("spend_mode", "INVALID", "must be SOFT or HARD")));
        }
        Uni<Boolean> changed = mode == null ? Uni.createFrom().item(true) : wallets.updateSpendMode(pool, customerId, mode);
        return changed.flatMap(found -> {
            if (!found) {
                throw CustomerService.notFound(customerId);
            }
            return wallet(customerId);
        });
    }

    public Uni<WalletView> wallet(String customerId) {
        return wallets.find(pool, customerId).map(row -> {
            if (row == null) {
                throw CustomerService.notFound(customerId);
            }
            return WalletView.of(row);
        });
    }

    /** The ledger, newest first. */
    public Uni<Page<LedgerEntryView>> transactions(String customerId, String limit, String cursor) {
        int size = Paging.limit(limit);
        Long beforeSeq = Paging.decodeLong(cursor);
        return wallets.find(pool, customerId).flatMap(wallet -> {
            if (wallet == null) {
                throw CustomerService.notFound(customerId);
            }
            return ledger.page(pool, customerId, beforeSeq, size + 1);
        }).flatMap(rows -> ledger.allocations(pool, rows.stream().map(LedgerEntry::id).toList())
                .map(allocations -> Paging.page(rows, size, row -> view(row, allocations),
                        row -> Paging.encode(Long.toString(row.seq())))));
    }

    private Uni<Posted> post(String customerId, String type, BigDecimal amount, String key, String description) {
        return pool.withTransaction(tx -> wallets.lock(tx, customerId).flatMap(wallet -> {
            if (wallet == null) {
                throw CustomerService.notFound(customerId);
            }
            return ledger.findByKey(tx, customerId, key).flatMap(existing -> existing != null
                    ? withAllocations(tx, replay(existing, type, amount), false)
                    : Ledger.post(tx, Posting.of(customerId, type, amount, key, description))
                            .flatMap(row -> withAllocations(tx, row, true)));
        }))
                .onFailure(SqlErrors::isUniqueViolation)
                .recoverWithUni(() -> ledger.findByKey(pool, customerId, key).flatMap(row -> {
                    if (row == null) {
                        throw ApiException.conflict("A concurrent request with this idempotency_key failed; retry");
                    }
                    return withAllocations(pool, replay(row, type, amount), false);
                }))
                .onFailure(SqlErrors::isNumericOverflow)
                .transform(e -> ApiException.invalid("amount", "would take the balance beyond the largest amount"));
    }

    /** Same key, same type and amount: the original row. Anything else reusing the key is a conflict. */
    private static LedgerEntry replay(LedgerEntry existing, String type, BigDecimal amount) {
        if (!existing.type().equals(type) || existing.amount().compareTo(amount) != 0) {
            throw new ApiException(409, "IDEMPOTENCY_CONFLICT", "idempotency_key '" + existing.idempotencyKey()
                    + "' was already used for a " + existing.type() + " of " + existing.amount().toPlainString());
        }
        return existing;
    }

    private Uni<Posted> withAllocations(SqlClient sql, LedgerEntry row, boolean created) {
        return ledger.allocations(sql, List.of(row.id())).map(allocations -> new Posted(view(row, allocations), created));
    }

    static LedgerEntryView view(LedgerEntry row, Map<Long, List<LedgerEntryView.AllocationView>> allocations) {
        return new LedgerEntryView(row.id(), row.seq(), row.customerId(), row.type(), row.amount(), row.balanceBefore(),
                row.balanceAfter(), row.idempotencyKey(), row.description(), row.eventCount(), row.createdAt(),
                allocations.getOrDefault(row.id(), List.of()));
    }
}
