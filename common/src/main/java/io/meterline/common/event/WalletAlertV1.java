package io.meterline.common.event;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Version 1 of a record on the {@code wallet-alerts} topic (key = customer_id): one per crossing of a wallet's
 * balance from above to at or below its low-balance threshold ({@code LOW_BALANCE}) or from above to at or below
 * zero ({@code NEGATIVE_BALANCE}, the wallet status DEPLETED) by a BURN. Derived from the ledger row alone, so a redelivery yields the same {@code alert_id}
 * ({@code <ledger_tx_id>:<type>}); consumers de-duplicate on it. Schema: docs/topics.md.
 */
public record WalletAlertV1(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("type") String type,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("balance_before") BigDecimal balanceBefore,
        @JsonProperty("balance_after") BigDecimal balanceAfter,
        @JsonProperty("threshold") BigDecimal threshold,
        @JsonProperty("ledger_tx_id") long ledgerTxId,
        @JsonProperty("occurred_at") Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String LOW_BALANCE = "LOW_BALANCE";
    public static final String NEGATIVE_BALANCE = "NEGATIVE_BALANCE";
}
