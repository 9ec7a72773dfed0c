package io.meterline.aggregation.renewals;

import java.time.Instant;
import java.util.UUID;

/** A subscription as the renewal reads it: the first period not yet issued starts at {@code nextPeriodStart}. */
public record SubscriptionState(UUID id, String customerId, String planId, int anchorDay, Instant nextPeriodStart,
        Instant cancelAt, String status) {

    /** Whether the period starting at {@code start} is to be issued at {@code now}: started, not cancelled away. */
    public boolean issues(Instant start, Instant now) {
        return "ACTIVE".equals(status) && !start.isAfter(now) && (cancelAt == null || start.isBefore(cancelAt));
    }
}
