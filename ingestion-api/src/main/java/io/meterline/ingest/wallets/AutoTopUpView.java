package io.meterline.ingest.wallets;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A wallet's auto top-up as the admin API shows it (absent when off). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AutoTopUpView(
        @Schema(description = "A request is made when the available balance drops below this", examples = "100")
        BigDecimal threshold,
        @Schema(description = "A request asks for target - available", examples = "500") BigDecimal target,
        @Schema(description = "The request made and not yet answered by a top-up or grant (null: armed)",
                examples = "tur_3f2a9c0d8e7b4a1f9c2d3e4f5a6b7c8d") String pendingRequestId) {

    /** The view of a wallet row, or null when its auto top-up is off. */
    public static AutoTopUpView of(WalletRow w) {
        return w.autoTopUpThreshold() == null ? null
                : new AutoTopUpView(w.autoTopUpThreshold(), w.autoTopUpTarget(), w.topUpRequestedId());
    }
}
