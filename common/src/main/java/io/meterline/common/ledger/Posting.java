package io.meterline.common.ledger;

import java.math.BigDecimal;

/**
 * One ledger row to write: a signed {@code amount} (credits in positive, burns negative) on one wallet.
 * {@code id} is null unless the caller took it from the identity sequence beforehand (usage rows that link to
 * their BURN row); {@code eventCount} is the number of usage rows a BURN covers, 0 otherwise.
 *
 * <p>Grants (see {@link Ledger}): {@code grantId}, when set, is the one grant a debit comes from (EXPIRE, VOID:
 * at most its remaining) or a credit goes to after repaying the overdraft (GRANT); {@code restoreFrom}, when set,
 * is the id of an earlier debit row of the same wallet whose draws a credit gives back (REFUND). Both null: a
 * debit burns in grant order, a credit's rest becomes an implicit grant.
 *
 * <p>Spend control: {@code withinAvailable}, when true, makes a debit on a HARD wallet fail with SQLSTATE
 * {@link Ledger#INSUFFICIENT_CREDITS} (nothing written) when it exceeds the wallet's available balance (balance
 * minus open holds), decided under the wallet lock. Charges set it; burns never do (usage already happened).
 */
public record Posting(String customerId, String type, BigDecimal amount, String idempotencyKey, String description,
        int eventCount, Long id, String grantId, Long restoreFrom, boolean withinAvailable) {

    /** A posting without the spend-mode check. */
    public Posting(String customerId, String type, BigDecimal amount, String idempotencyKey, String description,
            int eventCount, Long id, String grantId, Long restoreFrom) {
        this(customerId, type, amount, idempotencyKey, description, eventCount, id, grantId, restoreFrom, false);
    }

    /** A posting without a named grant or restored row. */
    public Posting(String customerId, String type, BigDecimal amount, String idempotencyKey, String description,
            int eventCount, Long id) {
        this(customerId, type, amount, idempotencyKey, description, eventCount, id, null, null);
    }

    public static Posting of(String customerId, String type, BigDecimal amount, String idempotencyKey,
            String description) {
        return new Posting(customerId, type, amount, idempotencyKey, description, 0, null);
    }

    /** This posting, from or into the grant {@code grantId}. */
    public Posting withGrant(String grantId) {
        return new Posting(customerId, type, amount, idempotencyKey, description, eventCount, id, grantId,
                restoreFrom, withinAvailable);
    }

    /** This credit, giving back what the debit row {@code debitRowId} drew from grants. */
    public Posting restoring(Long debitRowId) {
        return new Posting(customerId, type, amount, idempotencyKey, description, eventCount, id, grantId,
                debitRowId, withinAvailable);
    }

    /** This debit, refused on a HARD wallet when it exceeds the available balance (see above). */
    public Posting limitedToAvailable() {
        return new Posting(customerId, type, amount, idempotencyKey, description, eventCount, id, grantId,
                restoreFrom, true);
    }
}
