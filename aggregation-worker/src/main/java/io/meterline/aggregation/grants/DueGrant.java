package io.meterline.aggregation.grants;

import java.math.BigDecimal;
import java.time.Instant;

/** A grant the job has to act on: PENDING and effective (post it), or ACTIVE and past expires_at (expire it). */
public record DueGrant(String customerId, String grantId, String state, BigDecimal amount, Instant expiresAt) {
}
