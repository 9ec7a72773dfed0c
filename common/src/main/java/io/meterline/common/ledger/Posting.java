package io.meterline.common.ledger;

import java.math.BigDecimal;

/**
 * One ledger row to write: a signed {@code amount} (credits in positive, burns negative) on one wallet.
 * {@code id} is null unless the caller took it from the identity sequence beforehand (usage rows that link to
 * their BURN row); {@code eventCount} is the number of usage rows a BURN covers, 0 otherwise.
 */
public record Posting(String customerId, String type, BigDecimal amount, String idempotencyKey, String description,
        int eventCount, Long id) {

    public static Posting of(String customerId, String type, BigDecimal amount, String idempotencyKey,
            String description) {
        return new Posting(customerId, type, amount, idempotencyKey, description, 0, null);
    }
}
