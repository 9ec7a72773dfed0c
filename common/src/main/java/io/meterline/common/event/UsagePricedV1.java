package io.meterline.common.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Version 1 of a processed event on the {@code usage-priced} topic (key = customer_id), published by the cost
 * worker after the Postgres transaction that stored (and burned) it committed. Delivery is at-least-once:
 * consumers de-duplicate on (customer_id, dedup_key). Schema: docs/topics.md.
 *
 * <p>{@code status} is PRICED (cost_usd, credits, rate_ids, ledger_tx_id, wallet_balance_after set) or UNPRICED
 * (no rate covered the event: nothing burned, the money fields are absent). Money is a plain-decimal string.
 *
 * <p>A re-rating job publishes one more record per event it changed: {@code rerate_job_id} and
 * {@code previous_credits} are set, cost_usd / credits / rate_ids are the corrected price, and ledger_tx_id /
 * wallet_balance_after are those of the wallet's RERATE row. Such a record is a new fact, not a repeat: consumers
 * de-duplicate on (customer_id, dedup_key, rerate_job_id); both fields are absent from every other record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsagePricedV1(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("customer_id") String customerId,
        @JsonProperty("dedup_key") String dedupKey,
        @JsonProperty("event_type") EventType eventType,
        @JsonProperty("feature_id") String featureId,
        @JsonProperty("provider") String provider,
        @JsonProperty("model") String model,
        @JsonProperty("input_tokens") long inputTokens,
        @JsonProperty("cached_input_tokens") long cachedInputTokens,
        @JsonProperty("cache_write_tokens") long cacheWriteTokens,
        @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("quantity") BigDecimal quantity,
        @JsonProperty("unit") String unit,
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("user_id") String userId,
        @JsonProperty("team_id") String teamId,
        @JsonProperty("batch_id") UUID batchId,
        @JsonProperty("status") String status,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        @JsonProperty("credits") BigDecimal credits,
        @JsonProperty("rate_ids") long[] rateIds,
        @JsonProperty("ledger_tx_id") Long ledgerTxId,
        @JsonProperty("wallet_balance_after") BigDecimal walletBalanceAfter,
        @JsonProperty("repriced") boolean repriced,
        @JsonProperty("rerate_job_id") UUID rerateJobId,
        @JsonProperty("previous_credits") BigDecimal previousCredits) {

    public static final int SCHEMA_VERSION = 1;
}
