package io.meterline.common.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Version 1 of a record on the {@code wallet-movements} topic (key = customer_id): one per direct charge
 * ({@code CHARGE}, {@code request_id} set) or refund ({@code REFUND}, {@code refund_id} and exactly one of
 * {@code charge_request_id} / {@code event_id} set), published by the ingestion API through an outbox after the
 * transaction that posted its ledger row committed. Usage burns stay on {@code usage-priced}.
 *
 * <p>{@code amount} is the ledger row's signed amount (a charge negative, a refund positive), with the wallet's
 * balance before and after it; {@code seq} is the row's position in the wallet's ledger. Delivery is at least
 * once and, across instances, not necessarily in seq order: consumers de-duplicate on {@code ledger_tx_id} and
 * order by {@code seq}. Money is a plain-decimal string. Schema: docs/topics.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WalletMovementV1(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("type") String type,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("ledger_tx_id") long ledgerTxId,
        @JsonProperty("seq") long seq,
        @JsonProperty("amount") BigDecimal amount,
        @JsonProperty("balance_before") BigDecimal balanceBefore,
        @JsonProperty("balance_after") BigDecimal balanceAfter,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("refund_id") String refundId,
        @JsonProperty("charge_request_id") String chargeRequestId,
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("original_ledger_tx_id") Long originalLedgerTxId,
        @JsonProperty("feature_id") String featureId,
        @JsonProperty("description") String description,
        @JsonProperty("reason") String reason,
        @JsonProperty("metadata") JsonNode metadata,
        @JsonProperty("occurred_at") Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CHARGE = "CHARGE";
    public static final String REFUND = "REFUND";
}
