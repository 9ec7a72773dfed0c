package io.meterline.ingest.reservations;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.FieldError;
import io.meterline.common.ledger.Hold;
import io.meterline.common.ledger.HoldOutcome;
import io.meterline.common.ledger.HoldRequest;
import io.meterline.common.validation.UsageEventRules;
import io.meterline.ingest.charges.Outcome;
import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.customers.CustomerService;
import io.meterline.ingest.http.ApiException;
import io.meterline.ingest.http.InsufficientCredits;
import io.meterline.ingest.http.MetadataJson;
import io.meterline.ingest.http.MoneyBounds;
import io.meterline.ingest.http.SqlErrors;
import io.meterline.ingest.http.Validator;
import io.meterline.ingest.http.Validator.Sign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reservations (spend control): hold credits before an action, release them, read them. Each write is ONE call of
 * a ledger hold function (one round trip, in its own statement's transaction; concurrent holds share one statement
 * and commit through {@link HoldBatcher}, concurrent releases through {@link ReleaseBatcher}), which locks the
 * wallet and decides there: idempotency by (customer, reservation_id) — the same id again answers the stored
 * reservation, with another estimate or feature 409 — and, on a HARD wallet, 402 when available &lt; estimate,
 * nothing written. Settling is done by the event or charge that names the reservation (cost worker,
 * {@code ChargeService}).
 */
@ApplicationScoped
public class ReservationService {

    /** ttl_seconds when absent, and its bounds (the API contract). */
    public static final int DEFAULT_TTL_SECONDS = 300;
    public static final int MAX_TTL_SECONDS = 86_400;

    private final Pool pool;
    private final ReservationRepository reservations;
    private final HoldBatcher holds;
    private final ReleaseBatcher releases;
    private final ObjectMapper mapper;
    private final int maxMetadataBytes;

    public ReservationService(Pool pool, ReservationRepository reservations, HoldBatcher holds,
            ReleaseBatcher releases, ObjectMapper mapper, IngestConfig config) {
        this.pool = pool;
        this.reservations = reservations;
        this.holds = holds;
        this.releases = releases;
        this.mapper = mapper;
        this.maxMetadataBytes = config.maxMetadataBytes();
    }

    public Uni<Outcome<ReservationView>> reserve(String customerId, ReservationRequest request) {
        String metadata = validate(request);
        int ttl = request.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : request.ttlSeconds();
        return holds.hold(new HoldRequest(customerId, request.reservationId(), request.estimate(),
                request.featureId(), metadata, ttl)).map(o -> switch (o.outcome()) {
                    case "CREATED" -> new Outcome<>(ReservationView.of(o), true);
                    case "EXISTING" -> new Outcome<>(replay(o, request), false);
                    case "INSUFFICIENT" -> throw new InsufficientCredits(o.available(), "estimate", request.estimate());
                    case "NO_WALLET" -> throw CustomerService.notFound(customerId);
                    default -> throw new IllegalStateException("ledger_hold answered " + o.outcome());
                })
                .onFailure(SqlErrors::isForeignKeyViolation).transform(e -> CustomerService.notFound(customerId))
                .onFailure(SqlErrors::isNumericOverflow)
                .transform(e -> ApiException.invalid("estimate", "would take the wallet's held credits beyond the "
                        + "largest amount"));
    }

    public Uni<ReservationView> find(String customerId, String reservationId) {
        return reservations.find(pool, customerId, reservationId).map(hold -> {
            if (hold == null) {
                throw notFound(customerId, reservationId);
            }
            return ReservationView.of(hold);
        });
    }

    /** Releases an OPEN reservation; releasing a RELEASED one answers it again; SETTLED or EXPIRED is 409. */
    public Uni<ReservationView> release(String customerId, String reservationId) {
        new Validator().text("reservation_id", reservationId, true, UsageEventRules.MAX_RESERVATION_ID)
                .throwIfInvalid();
        return releases.release(customerId, reservationId).map(o -> {
            Hold hold = o.hold();
            if (hold == null) {
                throw notFound(customerId, reservationId);
            }
            if (!"RELEASED".equals(hold.status())) {
                throw new ApiException(409, "RESERVATION_CLOSED", "Reservation '" + reservationId + "' is "
                        + hold.status() + " and can no longer be released",
                        List.of(new FieldError("status", hold.status(), "the reservation is " + hold.status())),
                        Map.of());
            }
            return ReservationView.of(hold);
        });
    }

    /** Same reservation_id: the stored reservation, unless estimate or feature_id differ. */
    private static ReservationView replay(HoldOutcome o, ReservationRequest request) {
        Hold h = o.hold();
        if (h.estimate().compareTo(request.estimate()) != 0 || !Objects.equals(h.featureId(), request.featureId())) {
            throw new ApiException(409, "IDEMPOTENCY_CONFLICT", "reservation_id '" + h.reservationId()
                    + "' was already used for a hold of " + h.estimate().toPlainString()
                    + (h.featureId() == null ? "" : " for feature '" + h.featureId() + "'"));
        }
        return ReservationView.of(o);
    }

    private static ApiException notFound(String customerId, String reservationId) {
        return ApiException.notFound("No reservation '" + reservationId + "' for customer '" + customerId + "'");
    }

    /** 422 naming every bad field; returns the metadata as JSON text (or null). */
    private String validate(ReservationRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body is required");
        }
        Validator v = new Validator()
                .text("reservation_id", request.reservationId(), true, UsageEventRules.MAX_RESERVATION_ID)
                .money("estimate", request.estimate(), true, Sign.POSITIVE, MoneyBounds.CHARGE_MAX)
                .text("feature_id", request.featureId(), false, UsageEventRules.MAX_FEATURE_ID);
        Integer ttl = request.ttlSeconds();
        if (ttl != null && (ttl < 1 || ttl > MAX_TTL_SECONDS)) {
            v.reject("ttl_seconds", "OUT_OF_RANGE", "must be between 1 and " + MAX_TTL_SECONDS);
        }
        String metadata = MetadataJson.of(v, request.metadata(), mapper, maxMetadataBytes);
        v.throwIfInvalid();
        return metadata;
    }
}
