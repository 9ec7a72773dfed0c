package io.meterline.common.event;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Version 1 of a {@code TOP_UP_REQUESTED} record on the {@code wallet-alerts} topic (key = customer_id), beside
 * {@link WalletAlertV1}'s types: consumers dispatch on {@code type} and de-duplicate on {@code alert_id}, which is
 * the request id. One per crossing of a wallet's available balance (balance − held) below its auto top-up
 * threshold, written by the ledger's trigger (migration V25) in the transaction of the write that crossed, and
 * published by the ingestion API's outbox drain, at least once. The receiving system posts a grant with
 * {@code grant_id = request_id} for {@code amount} (= target − available, always positive), so a retry cannot
 * credit twice. {@code ledger_seq} is the wallet's ledger sequence at the decision (receivers order by it).
 * Schema: docs/topics.md.
 */
public record TopUpRequestedV1(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("alert_id") String alertId,
        @JsonProperty("type") String type,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("threshold") BigDecimal threshold,
        @JsonProperty("target") BigDecimal target,
        @JsonProperty("balance") BigDecimal balance,
        @JsonProperty("held") BigDecimal held,
        @JsonProperty("available") BigDecimal available,
        @JsonProperty("ledger_seq") long ledgerSeq,
        @JsonProperty("occurred_at") Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String TYPE = "TOP_UP_REQUESTED";
}
