package io.meterline.ingest.charges;

import java.math.BigDecimal;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/refunds (and of the admin form): exactly one of charge_request_id and event_id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RefundRequest(
        @Schema(required = true, description = "The idempotency key: the same refund_id is refunded once",
                examples = "refund-ticket-981") String refundId,
        @Schema(description = "The charge to refund (its request_id)", examples = "report-2026-11-0042")
        String chargeRequestId,
        @Schema(description = "The PRICED usage event to refund", examples = "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b")
        String eventId,
        @Schema(description = "Credits to give back (default: all that is not refunded yet)", examples = "10")
        BigDecimal amount,
        @Schema(required = true, examples = "Report generation failed") String reason) {
}
