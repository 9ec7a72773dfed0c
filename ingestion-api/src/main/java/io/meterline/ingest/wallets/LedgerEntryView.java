package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.meterline.common.ledger.LedgerEntry;

/**
 * A ledger row: balance_after = balance_before + amount, and in {@code seq} order (1, 2, 3, ... per wallet) each
 * row's balance_before is the previous row's balance_after.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LedgerEntryView(
        long id,
        @Schema(description = "Position in the wallet's ledger: 1, 2, 3, ... in the order the balance changed") long seq,
        String customerId,
        @Schema(description = "TOP_UP, ADJUSTMENT, BURN (usage charged by the cost worker), CHARGE or REFUND (direct "
                + "charges and their refunds), GRANT, EXPIRE, VOID, RERATE") String type,
        @Schema(examples = "500.000000000000") BigDecimal amount,
        @Schema(examples = "0.000000000000") BigDecimal balanceBefore,
        @Schema(examples = "500.000000000000") BigDecimal balanceAfter,
        String idempotencyKey,
        String description,
        @Schema(description = "Usage events charged by a BURN row") int eventCount,
        Instant createdAt,
        @Schema(description = "Where the amount came from or went to: grants (grant_id) and the overdraft (grant_id "
                + "null); they sum to amount. Omitted where a charge or refund embeds its ledger row; the wallet's "
                + "transactions list shows them") @JsonInclude(JsonInclude.Include.NON_NULL) List<AllocationView> allocations) {

    /** The row without its allocations (a charge or refund answer embeds it; the ledger listing has them). */
    public static LedgerEntryView of(LedgerEntry row) {
        return new LedgerEntryView(row.id(), row.seq(), row.customerId(), row.type(), row.amount(), row.balanceBefore(),
                row.balanceAfter(), row.idempotencyKey(), row.description(), row.eventCount(), row.createdAt(), null);
    }

    /** A part of a ledger row's amount, from or into one grant (or the overdraft when grant_id is null). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AllocationView(@Schema(examples = "top_up:invoice-2025-0042") String grantId,
            @Schema(examples = "500.000000000000") BigDecimal amount) {
    }
}
