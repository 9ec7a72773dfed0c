package io.meterline.ingest.rates;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What PUT /v1/admin/rates did with one item. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateChangeView(
        int index,
        @Schema(description = "CREATED (new version) or UNCHANGED (this exact version already existed)") String status,
        RateView rate,
        @Schema(description = "The version closed at this one's valid_from, if any") Long closedRateId,
        @Schema(description = "rerate only: the versions this correction replaced (kept, no longer applied)")
        List<Long> supersededRateIds) {

    RateChangeView(int index, String status, RateView rate, Long closedRateId) {
        this(index, status, rate, closedRateId, null);
    }
}
