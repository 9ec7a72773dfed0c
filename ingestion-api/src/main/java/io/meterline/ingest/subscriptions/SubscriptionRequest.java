package io.meterline.ingest.subscriptions;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Body of POST /v1/admin/customers/{id}/subscription. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SubscriptionRequest(
        @Schema(required = true, examples = "pro-monthly") String planId,
        @Schema(description = "Day of the month periods renew on, 1..31 (00:00 UTC; the last day of shorter months); "
                + "default the day of starts_at", examples = "1") Integer anchorDay,
        @Schema(description = "Start of the first period (default now); at most 366 days back or ahead",
                examples = "2026-04-01T00:00:00Z") Instant startsAt) {
}
