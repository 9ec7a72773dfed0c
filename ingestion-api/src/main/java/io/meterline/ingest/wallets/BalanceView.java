package io.meterline.ingest.wallets;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.meterline.ingest.grants.GrantService;
import io.meterline.ingest.grants.GrantView;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A customer's own balance, for the SDK's pre-flight check. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalanceView(
        @Schema(examples = "250.000000000000") BigDecimal balance,
        @Schema(examples = "credits") String currency,
        @Schema(description = "True when the balance is at or below the wallet's low-balance threshold, or <= 0")
        boolean lowBalance,
        @Schema(description = "With estimate: available >= estimate (always true in SOFT mode, where nothing is "
                + "refused). Without: available > 0") boolean canSpend,
        @Schema(description = "The estimate asked about, if any") BigDecimal estimate,
        @Schema(description = "Credits spent beyond the grants, repaid first by the next credit",
                examples = "0.000000000000") BigDecimal overdraft,
        @Schema(description = "Credits held by open reservations", examples = "12.500000000000") BigDecimal held,
        @Schema(description = "balance - held: what a HARD wallet may still hold or charge; below zero when usage "
                + "overdrew it", examples = "237.500000000000") BigDecimal available,
        @Schema(description = "SOFT or HARD", examples = "HARD") String spendMode,
        @Schema(description = "What the balance is made of: ACTIVE grants holding credits in the order they are "
                + "spent, then PENDING grants by start (at most " + GrantService.BALANCE_GRANTS + ")")
        List<Grant> grants) {

    /** A grant as the customer sees it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Grant(@Schema(examples = "promo-2026-spring") String grantId, String source, int priority,
            @Schema(examples = "750.000000000000") BigDecimal remaining, String state, Instant effectiveAt,
            Instant expiresAt) {

        static Grant of(GrantView g) {
            return new Grant(g.grantId(), g.source(), g.priority(), g.remaining(), g.state(), g.effectiveAt(),
                    g.expiresAt());
        }
    }
}
