package io.meterline.ingest.charges;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.ingest.wallets.LedgerEntryView;

/** A direct charge as the API shows it, with its CHARGE ledger row (amount negative). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ChargeView(
        String customerId,
        String requestId,
        @Schema(description = "CHARGED, PARTIALLY_REFUNDED or REFUNDED") String status,
        BigDecimal amount,
        @Schema(description = "Sum of the charge's refunds") BigDecimal refundedAmount,
        String featureId,
        String description,
        @Schema(type = SchemaType.OBJECT) @JsonRawValue String metadata,
        Instant createdAt,
        LedgerEntryView ledgerTransaction) {

    public static ChargeView of(ChargeRow row) {
        String status = row.refunded().signum() == 0 ? "CHARGED"
                : row.refunded().compareTo(row.amount()) < 0 ? "PARTIALLY_REFUNDED" : "REFUNDED";
        return new ChargeView(row.customerId(), row.requestId(), status, row.amount(), row.refunded(), row.featureId(),
                row.description(), row.metadata(), row.createdAt(), LedgerEntryView.of(row.ledger()));
    }
}
