package io.meterline.common.webhook;

import java.util.List;
import java.util.Set;

/**
 * Every webhook event type, full-stop delimited as the Standard Webhooks specification recommends. An endpoint
 * subscribes to some of them, or to {@link #ALL}. Payloads are documented in docs/webhooks.md; a type keeps its
 * payload's schema (fields are only ever added).
 */
public final class WebhookEventTypes {

    /** A burn took the balance from above the low-balance threshold to at or below it (wallet status LOW). */
    public static final String WALLET_LOW_BALANCE = "wallet.low_balance";
    /** A burn took the balance from above zero to at or below zero (wallet status DEPLETED). */
    public static final String WALLET_DEPLETED = "wallet.depleted";
    /** One customer's hour or day has closed (its end plus the grace has passed), with its totals. */
    public static final String AGGREGATION_COMPLETED = "aggregation.completed";
    /** Sent on request (POST /v1/admin/webhook-endpoints/{id}/test) to one endpoint, whatever it subscribes to. */
    public static final String WEBHOOK_TEST = "webhook.test";

    /**
     * The available balance of a wallet with auto top-up dropped below its threshold: once per crossing, written by
     * the ledger's trigger (V25) in the transaction of the write that crossed; data.request_id is the grant_id to
     * post the top-up with.
     */
    public static final String WALLET_TOP_UP_REQUESTED = "wallet.top_up_requested";
    // Emitted by features being built elsewhere; endpoints may subscribe to them already.
    public static final String GRANT_EXPIRING = "grant.expiring";
    public static final String GRANT_EXPIRED = "grant.expired";
    public static final String CHARGE_REFUNDED = "charge.refunded";
    public static final String AGGREGATION_UPDATED = "aggregation.updated";

    /** Subscribes an endpoint to every type, present and future. */
    public static final String ALL = "*";

    /** The types an endpoint may name, in documentation order. */
    public static final List<String> KNOWN = List.of(WALLET_LOW_BALANCE, WALLET_DEPLETED, WALLET_TOP_UP_REQUESTED,
            GRANT_EXPIRING, GRANT_EXPIRED, CHARGE_REFUNDED, AGGREGATION_COMPLETED, AGGREGATION_UPDATED, WEBHOOK_TEST);

    private static final Set<String> SUBSCRIBABLE = Set.copyOf(KNOWN);

    private WebhookEventTypes() {
    }

    public static boolean isSubscribable(String type) {
        return ALL.equals(type) || SUBSCRIBABLE.contains(type);
    }
}
