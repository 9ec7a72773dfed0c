package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.ledger.Posting;
import io.meterline.common.validation.UsageEventRules;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.MetadataJson;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Direct charges: ONE statement per charge ({@code charge_post}, V34, in its own transaction) writes the charge
 * row, its wallet-movements outbox row and its CHARGE ledger row (with the arguments {@link ChargeLedger} builds);
 * the drain publishes after the commit. No round trip while the wallet is locked: from the ledger post to the
 * commit the statement runs in Postgres alone.
 *
 * <p>Idempotency by (customer, request_id): the charge row is inserted first with ON CONFLICT DO NOTHING, so of
 * several concurrent identical requests one inserts and the others wait for its commit, insert nothing and answer
 * its charge (200); the same request_id with another amount or feature_id is 409 IDEMPOTENCY_CONFLICT. The ledger
 * key {@code charge:<request_id>} is the last guard.
 *
 * <p>Spend control: on a SOFT wallet a charge may take the balance below zero, like usage. On a HARD wallet the
 * ledger refuses (402 INSUFFICIENT_CREDITS, the whole transaction rolls back, nothing of the charge remains) a
 * charge beyond available = balance − held, deciding under the wallet lock ({@link Posting#withinAvailable}). A
 * charge naming {@code reservation_id} first settles that reservation if it is OPEN (same transaction), so its hold
 * is available to the charge; a retried charge (200) settles nothing again.
 */
@ApplicationScoped
public class ChargeService {

    private final Pool pool;
    private final ChargeRepository charges;
    private final MovementRecords records;
    private final MovementDrain drain;
    private final ObjectMapper mapper;
    private final int maxMetadataBytes;

    public ChargeService(Pool pool, ChargeRepository charges, MovementRecords records,
            MovementDrain drain, ObjectMapper mapper, IngestConfig config) {
        this.pool = pool;
        this.charges = charges;
        this.records = records;
        this.drain = drain;
        this.mapper = mapper;
        this.maxMetadataBytes = config.maxMetadataBytes();
    }

    public Uni<Outcome<ChargeView>> charge(String customerId, ChargeRequest request) {
        String metadata = validate(request);
        return charges.post(pool, customerId, request, metadata, records.charge(customerId, request,
                request.metadata()))
                .flatMap(posted -> posted != null
                        ? Uni.createFrom().item(created(customerId, request, posted))
                        : charges.find(pool, customerId, request.requestId())
                                .map(existing -> replay(existing, request)))
                .onFailure(SqlErrors::isForeignKeyViolation).transform(e -> CustomerService.notFound(customerId))
                .onFailure(SqlErrors::isUniqueViolation).transform(e -> new ApiException(409, "IDEMPOTENCY_CONFLICT",
                        "The ledger key charge:" + request.requestId() + " is already used by another wallet write"))
                .onFailure(SqlErrors::isNumericOverflow)
                .transform(e -> ApiException.invalid("amount", "would take the balance beyond the smallest amount"))
                .onFailure(SqlErrors::isInsufficientCredits)
                .transform(e -> SqlErrors.insufficientCredits(e, "amount", request.amount()))
                .invoke(outcome -> {
                    if (outcome.created()) {
                        drain.requestDrain();
                    }
                });
    }

    public Uni<ChargeView> find(String customerId, String requestId) {
        return charges.find(pool, customerId, requestId).map(row -> {
            if (row == null) {
                throw ApiException.notFound("No charge with request_id '" + requestId + "' for customer '"
                        + customerId + "'");
            }
            return ChargeView.of(row);
        });
    }

    /** The answer of a new charge, built from what was written (a new charge has no refunds). */
    private static Outcome<ChargeView> created(String customerId, ChargeRequest request,
            ChargeRepository.Posted posted) {
        return new Outcome<>(ChargeView.of(new ChargeRow(customerId, request.requestId(), request.amount(),
                request.featureId(), request.description(), posted.metadata(), posted.createdAt(), BigDecimal.ZERO,
                posted.ledger())), true);
    }

    /** Same request_id: the original charge, unless amount or feature_id differ. */
    private static Outcome<ChargeView> replay(ChargeRow existing, ChargeRequest request) {
        if (existing.amount().compareTo(request.amount()) != 0
                || !Objects.equals(existing.featureId(), request.featureId())) {
            throw new ApiException(409, "IDEMPOTENCY_CONFLICT", "request_id '" + existing.requestId()
                    + "' was already used for a charge of " + existing.amount().toPlainString()
                    + (existing.featureId() == null ? "" : " for feature '" + existing.featureId() + "'"));
        }
        return new Outcome<>(ChargeView.of(existing), false);
    }

    /** 422 naming every bad field; returns the metadata as JSON text (or null). */
    private String validate(ChargeRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator().text("request_id", request.requestId(), true, 256)
                .money("amount", request.amount(), true, Sign.POSITIVE, MoneyBounds.CHARGE_MAX)
                .text("feature_id", request.featureId(), false, UsageEventRules.MAX_FEATURE_ID)
                .freeText("description", request.description(), false, 1000)
                .text("reservation_id", request.reservationId(), false, UsageEventRules.MAX_RESERVATION_ID);
        String metadata = MetadataJson.of(v, request.metadata(), mapper, maxMetadataBytes);
        v.throwIfInvalid();
        return metadata;
    }
}
