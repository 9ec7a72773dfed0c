package io.meterline.aggregation.grants;

import java.math.BigDecimal;

import io.meterline.common.ledger.Ledger;
import io.meterline.common.ledger.LedgerEntry;
import io.meterline.common.ledger.Posting;
import io.meterline.common.money.Money;
import io.meterline.common.webhook.WebhookEventTypes;
import io.meterline.common.webhook.WebhookOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a grant expires: its unused remainder leaves through an EXPIRE row ({@code expire:<grant_id>}, via
 * the {@link Ledger}), the grant is closed EXPIRED and its {@code grant.expired} webhook is written, all in the
 * caller's transaction, which has locked the wallet and the grant. Used by the grants job at expires_at and by the
 * renewal job, which closes the previous period's PLAN grant when the next period is issued.
 */
@ApplicationScoped
public class GrantExpiry {

    private final GrantJobRepository grants;

    public GrantExpiry(GrantJobRepository grants) {
        this.grants = grants;
    }

    /** Expires an ACTIVE grant; answers the amount that expired (its remaining, possibly zero). */
    public Uni<BigDecimal> expire(SqlClient tx, DueGrant g) {
        return grants.remaining(tx, g.customerId(), g.grantId())
                .flatMap(left -> (left.signum() == 0 ? Uni.createFrom().<LedgerEntry>nullItem()
                        : Ledger.post(tx, Posting.of(g.customerId(), "EXPIRE", left.negate(), "expire:" + g.grantId(),
                                "expiry of grant " + g.grantId()).withGrant(g.grantId())))
                        .flatMap(entry -> grants.expire(tx, g.customerId(), g.grantId()).flatMap(closed -> {
                            if (!closed) {
                                throw new IllegalStateException("grant " + g.grantId() + " of " + g.customerId()
                                        + " could not be closed");
                            }
                            return WebhookOutbox.enqueue(tx, g.customerId(), WebhookEventTypes.GRANT_EXPIRED,
                                    g.expiresAt(), expired(g, left, entry));
                        }))
                        .replaceWith(left));
    }

    private static JsonObject expired(DueGrant g, BigDecimal left, LedgerEntry entry) {
        return new JsonObject().put("customer_id", g.customerId()).put("grant_id", g.grantId())
                .put("amount", Money.toWire(g.amount())).put("expired_amount", Money.toWire(left))
                .put("expires_at", g.expiresAt().toString())
                .put("ledger_tx_id", entry == null ? null : entry.id())
                .put("balance_after", entry == null ? null : Money.toWire(entry.balanceAfter()));
    }
}
