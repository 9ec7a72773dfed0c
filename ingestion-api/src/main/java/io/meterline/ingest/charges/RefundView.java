package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.ingest.wallets.LedgerEntryView;

/** A refund as the API shows it, with its REFUND ledger row (amount positive). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefundView(
        String customerId,
        String refundId,
        @Schema(description = "Set when a charge was refunded") String chargeRequestId,
        @Schema(description = "Set when a usage event was refunded") UUID eventId,
        BigDecimal amount,
        String reason,
        @Schema(description = "The refunded item's feature") String featureId,
        @Schema(description = "The ledger row refunded: the charge's CHARGE row or the event's BURN row")
        long originalLedgerTxId,
        Instant createdAt,
        LedgerEntryView ledgerTransaction) {

    public static RefundView of(RefundRow row) {
        return new RefundView(row.customerId(), row.refundId(), row.chargeRequestId(), row.eventId(), row.amount(),
                row.reason(), row.featureId(), row.originalLedgerTxId(), row.createdAt(),
                LedgerEntryView.of(row.ledger()));
    }
}
