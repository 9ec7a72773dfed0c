package io.meterline.common.ledger;

import java.math.BigDecimal;

/**
 * One hold to decide ({@link Holds#hold}, {@link Holds#holdMany}): {@code estimate} credits of the customer's
 * wallet under {@code reservationId} for {@code ttlSeconds}; {@code featureId} and {@code metadataJson} (JSON
 * object text) may be null. Validated by the caller.
 */
public record HoldRequest(String customerId, String reservationId, BigDecimal estimate, String featureId,
        String metadataJson, int ttlSeconds) {
}
