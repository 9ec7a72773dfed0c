package io.meterline.ingest.reservations;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.common.ledger.Hold;
import io.meterline.common.ledger.HoldOutcome;

/**
 * A reservation as the API shows it. The wallet figures (balance, held, available, spend_mode) are those right
 * after a POST; GET and DELETE leave them out.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReservationView(
        String reservationId,
        String customerId,
        BigDecimal estimate,
        @Schema(description = "OPEN, SETTLED, RELEASED or EXPIRED") String status,
        String featureId,
        @Schema(type = SchemaType.OBJECT) @JsonRawValue String metadata,
        Instant expiresAt,
        Instant createdAt,
        @Schema(description = "When SETTLED: the settling item's credits") @JsonInclude(JsonInclude.Include.NON_NULL)
        BigDecimal settledAmount,
        @Schema(description = "When SETTLED: the event or charge that settled it")
        @JsonInclude(JsonInclude.Include.NON_NULL) SettledBy settledBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant closedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal balance,
        @Schema(description = "Credits held by the wallet's open reservations")
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal held,
        @Schema(description = "balance - held") @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal available,
        @Schema(description = "SOFT or HARD") @JsonInclude(JsonInclude.Include.NON_NULL) String spendMode) {

    /** The item that settled a reservation: kind event (id: the event_id) or charge (id: its request_id). */
    public record SettledBy(String kind, String id) {
    }

    public static ReservationView of(Hold h) {
        return new ReservationView(h.reservationId(), h.customerId(), h.estimate(), h.status(), h.featureId(),
                h.metadata(), h.expiresAt(), h.createdAt(), h.settledAmount(),
                h.settledKind() == null ? null : new SettledBy(h.settledKind(), h.settledId()), h.closedAt(), null,
                null, null, null);
    }

    /** The reservation with the wallet's figures after the hold. */
    public static ReservationView of(HoldOutcome o) {
        ReservationView v = of(o.hold());
        return new ReservationView(v.reservationId, v.customerId, v.estimate, v.status, v.featureId, v.metadata,
                v.expiresAt, v.createdAt, v.settledAmount, v.settledBy, v.closedAt, o.balance(), o.held(),
                o.available(), o.spendMode());
    }
}
