package io.meterline.common;

/**
 * Default Kafka topic names. Every service reads the actual name from configuration
 * ({@code meterline.topics.*}); these constants are the defaults and what {@code scripts/services.sh} creates.
 * The JSON schema of each topic is documented in {@code docs/topics.md}.
 */
public final class Topics {
    /** Accepted usage events, key = customer_id, value = {@link io.meterline.common.event.UsageEventV1}. */
    public static final String USAGE_EVENTS = "usage-events";
    /** Events the cost worker could not decode, with the reason in a header. */
    public static final String USAGE_EVENTS_DLQ = "usage-events-dlq";
    /** Every processed event with its cost, credits and the wallet balance after the burn. */
    public static final String USAGE_PRICED = "usage-priced";
    /** One record per low-balance or zero-balance crossing of a wallet, and per auto top-up request. */
    public static final String WALLET_ALERTS = "wallet-alerts";
    /** Direct charges and refunds, key = customer_id, value = {@link io.meterline.common.event.WalletMovementV1}. */
    public static final String WALLET_MOVEMENTS = "wallet-movements";

    private Topics() {
    }
}
