package io.meterline.ingest.wallets;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of PATCH /v1/admin/customers/{id}/wallet: only the fields present change. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WalletUpdateRequest(
        @Schema(description = "SOFT (usage and charges may overdraw) or HARD (holds and charges beyond available "
                + "are refused with 402)", examples = "HARD") String spendMode) {
}
