package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.meterline.common.error.FieldError;
import io.meterline.common.ledger.LedgerEntry;
import io.meterline.common.money.Money;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refunds of a charge or of a PRICED usage event, each one transaction: lock the item's row, read what its refunds
 * add up to, insert the refund row, post its REFUND ledger row (through {@link ChargeLedger}) and its
 * wallet-movements outbox row.
 *
 * <p>Invariant: the refunds of one item never add up to more than it cost. Every refund of an item holds the
 * item's row lock while it reads the sum and writes, so concurrent refunds of one item run one after the other and
 * each sees the ones before it. Idempotency by (customer, refund_id): looked up before and again after the lock
 * (a retry that waited behind the original then finds it); the same refund_id for another item or amount is 409.
 * The usage row of a refunded event stays as it is: the refund is a row of its own.
 */
@ApplicationScoped
public class RefundService {

    private final Pool pool;
    private final RefundRepository refunds;
    private final MovementOutbox outbox;
    private final MovementRecords records;
    private final MovementDrain drain;

    public RefundService(Pool pool, RefundRepository refunds, MovementOutbox outbox, MovementRecords records,
            MovementDrain drain) {
        this.pool = pool;
        this.refunds = refunds;
        this.outbox = outbox;
        this.records = records;
        this.drain = drain;
    }

    public Uni<Outcome<RefundView>> refund(String customerId, RefundRequest request) {
        UUID eventId = validate(request);
        return pool.withTransaction(tx -> refunds.find(tx, customerId, request.refundId()).flatMap(before -> before
                != null ? Uni.createFrom().item(replay(before, request, eventId))
                : lock(tx, customerId, request, eventId).flatMap(target -> refunds.find(tx, customerId,
                        request.refundId()).flatMap(after -> after != null
                                ? Uni.createFrom().item(replay(after, request, eventId))
                                : refund(tx, customerId, request, eventId, target)))))
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new ApiException(409, "IDEMPOTENCY_CONFLICT",
                        "The ledger key refund:" + request.refundId() + " is already used by another wallet write"))
                .onFailure(SqlErrors::isNumericOverflow)
                .transform(e -> ApiException.invalid("amount", "would take the balance beyond the largest amount"))
                .invoke(outcome -> {
                    if (outcome.created()) {
                        drain.requestDrain();
                    }
                });
    }

    public Uni<RefundView> find(String customerId, String refundId) {
        return refunds.find(pool, customerId, refundId).map(row -> {
            if (row == null) {
                throw ApiException.notFound("No refund with refund_id '" + refundId + "' for customer '"
                        + customerId + "'");
            }
            return RefundView.of(row);
        });
    }

    private Uni<Outcome<RefundView>> refund(SqlClient tx, String customerId, RefundRequest request, UUID eventId,
            RefundTarget target) {
        return refunds.refunded(tx, customerId, target).flatMap(refunded -> {
            BigDecimal amount = amount(request, target, refunded);
            return ChargeLedger.nextId(tx).flatMap(id -> refunds.insert(tx, customerId, request.refundId(), target,
                    amount, request.reason(), id).flatMap(inserted -> inserted
                            ? post(tx, customerId, request, target, amount, id)
                            : refunds.find(tx, customerId, request.refundId())
                                    .map(existing -> replay(existing, request, eventId))));
        });
    }

    private Uni<Outcome<RefundView>> post(SqlClient tx, String customerId, RefundRequest request,
            RefundTarget target, BigDecimal amount, long ledgerId) {
        return ChargeLedger.refund(tx, customerId, request.refundId(), amount, request.reason(), ledgerId,
                target.originalLedgerTxId())
                .flatMap(entry -> outbox.insert(tx, customerId,
                        records.refund(request.refundId(), target, request.reason(), entry))
                        .flatMap(ignored -> WebhookOutbox.enqueue(tx, customerId, WebhookEventTypes.CHARGE_REFUNDED,
                                entry.createdAt(), refunded(request, target, amount, entry))))
                .flatMap(ignored -> refunds.find(tx, customerId, request.refundId()))
                .map(row -> new Outcome<>(RefundView.of(row), true));
    }

    /** {@code charge.refunded}: a refund of a charge or of a usage event, announced in its transaction. */
    private static JsonObject refunded(RefundRequest request, RefundTarget target, BigDecimal amount,
            LedgerEntry entry) {
        return new JsonObject().put("customer_id", entry.customerId()).put("refund_id", request.refundId())
                .put("charge_request_id", target.chargeRequestId())
                .put("event_id", target.eventId() == null ? null : target.eventId().toString())
                .put("amount", Money.toWire(amount)).put("reason", request.reason())
                .put("ledger_tx_id", entry.id()).put("balance_after", Money.toWire(entry.balanceAfter()));
    }

    /** The amount to refund: as asked, or all that is left; 422 when that is more than is left. */
    private static BigDecimal amount(RefundRequest request, RefundTarget target, BigDecimal refunded) {
        BigDecimal left = target.cost().subtract(refunded);
        if (left.signum() <= 0) {
            throw exceeds(target.field(), "is refunded in full already (" + refunded.toPlainString() + " of "
                    + target.cost().toPlainString() + ")");
        }
        if (request.amount() == null) {
            if (left.compareTo(MoneyBounds.CHARGE_MAX) > 0) {
                throw ApiException.invalid("amount", "is required: what is left (" + left.toPlainString()
                        + ") is more than one refund may give back (" + MoneyBounds.CHARGE_MAX.toPlainString() + ")");
            }
            return left;
        }
        if (request.amount().compareTo(left) > 0) {
            throw exceeds("amount", "must be at most " + left.toPlainString() + ", what is left of "
                    + target.cost().toPlainString() + " after " + refunded.toPlainString() + " refunded");
        }
        return request.amount();
    }

    /** The charge or the one refundable usage row the request names, locked; 404 or 422 naming the field. */
    private Uni<RefundTarget> lock(SqlClient tx, String customerId, RefundRequest request, UUID eventId) {
        if (request.chargeRequestId() != null) {
            return refunds.lockCharge(tx, customerId, request.chargeRequestId()).map(target -> {
                if (target == null) {
                    throw notFound("charge_request_id", "No charge with request_id '" + request.chargeRequestId()
                            + "' for customer '" + customerId + "'");
                }
                return target;
            });
        }
        return refunds.lockEvent(tx, customerId, eventId).map(rows -> refundable(customerId, eventId, rows));
    }

    private static RefundTarget refundable(String customerId, UUID eventId, List<RefundTarget> rows) {
        if (rows.isEmpty()) {
            throw notFound("event_id", "No stored event " + eventId + " for customer '" + customerId
                    + "' (an event still PENDING can be refunded once it is PRICED)");
        }
        List<RefundTarget> priced = rows.stream()
                .filter(r -> "PRICED".equals(r.status()) && r.cost() != null && r.cost().signum() > 0).toList();
        if (priced.isEmpty()) {
            RefundTarget row = rows.get(0);
            throw new ApiException(422, "NOT_REFUNDABLE", "Only a PRICED event with credits > 0 can be refunded",
                    List.of(new FieldError("event_id", "NOT_REFUNDABLE", "is " + row.status()
                            + ("PRICED".equals(row.status()) ? " with 0 credits" : ""))), Map.of());
        }
        if (priced.size() > 1) {
            throw new ApiException(422, "AMBIGUOUS_EVENT", "The event id names several priced events",
                    List.of(new FieldError("event_id", "AMBIGUOUS", "names " + priced.size()
                            + " priced usage rows (sent with different idempotency keys)")), Map.of());
        }
        return priced.get(0);
    }

    /** Same refund_id: the original refund, unless it names another item or another amount. */
    private static Outcome<RefundView> replay(RefundRow existing, RefundRequest request, UUID eventId) {
        if (!Objects.equals(existing.chargeRequestId(), request.chargeRequestId())
                || !Objects.equals(existing.eventId(), eventId)
                || request.amount() != null && existing.amount().compareTo(request.amount()) != 0) {
            throw new ApiException(409, "IDEMPOTENCY_CONFLICT", "refund_id '" + existing.refundId()
                    + "' was already used for a refund of " + existing.amount().toPlainString() + " of "
                    + (existing.chargeRequestId() != null ? "charge '" + existing.chargeRequestId() + "'"
                            : "event " + existing.eventId()));
        }
        return new Outcome<>(RefundView.of(existing), false);
    }

    /** 422 naming every bad field; returns the event id, parsed (null for a charge refund). */
    private static UUID validate(RefundRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator().text("refund_id", request.refundId(), true, 256)
                .text("charge_request_id", request.chargeRequestId(), false, 256)
                .money("amount", request.amount(), false, Sign.POSITIVE, MoneyBounds.CHARGE_MAX)
                .freeText("reason", request.reason(), true, 1000);
        UUID eventId = request.eventId() == null ? null : uuid(request.eventId());
        if (request.chargeRequestId() == null && request.eventId() == null) {
            v.reject("charge_request_id", "REQUIRED", "charge_request_id or event_id is required");
        } else if (request.chargeRequestId() != null && request.eventId() != null) {
            v.reject("event_id", "CONFLICT", "give charge_request_id or event_id, not both");
        } else if (request.eventId() != null && eventId == null) {
            v.reject("event_id", "INVALID", "must be a UUID");
        }
        v.throwIfInvalid();
        return eventId;
    }

    private static UUID uuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ApiException exceeds(String field, String message) {
        return new ApiException(422, "REFUND_EXCEEDS_ORIGINAL", field + " " + message,
                List.of(new FieldError(field, "EXCEEDS_ORIGINAL", message)), Map.of());
    }

    private static ApiException notFound(String field, String message) {
        return new ApiException(404, "NOT_FOUND", message, List.of(new FieldError(field, "NOT_FOUND", message)),
                Map.of());
    }
}
