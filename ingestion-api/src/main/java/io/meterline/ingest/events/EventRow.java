package io.meterline.ingest.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

/** A row of {@code usage_events}; metadata as plain maps and lists. */
public record EventRow(String customerId, String dedupKey, UUID eventId, String eventType, String featureId,
        String provider, String model, long inputTokens, long cachedInputTokens, long cacheWriteTokens,
        long outputTokens, BigDecimal quantity, String unit, String userId, String teamId, Object metadata,
        Instant eventTime, Instant receivedAt, UUID batchId, String status, BigDecimal costUsd, BigDecimal credits,
        List<Long> rateIds, Long ledgerTxId, Instant processedAt, Instant pricedAt) {

    public static EventRow from(Row row) {
        Long[] rateIds = row.getArrayOfLongs("rate_ids");
        return new EventRow(row.getString("customer_id"), row.getString("dedup_key"), row.getUUID("event_id"),
                row.getString("event_type"), row.getString("feature_id"), row.getString("provider"),
                row.getString("model"), row.getLong("input_tokens"), row.getLong("cached_input_tokens"),
                row.getLong("cache_write_tokens"), row.getLong("output_tokens"), row.getBigDecimal("quantity"),
                row.getString("unit"), row.getString("user_id"), row.getString("team_id"),
                plain(row.getValue("metadata")), instant(row.getOffsetDateTime("event_time")),
                instant(row.getOffsetDateTime("received_at")), row.getUUID("batch_id"), row.getString("status"),
                row.getBigDecimal("cost_usd"), row.getBigDecimal("credits"),
                rateIds == null ? null : List.of(rateIds), row.getLong("ledger_tx_id"),
                instant(row.getOffsetDateTime("processed_at")), instant(row.getOffsetDateTime("priced_at")));
    }

    private static Object plain(Object json) {
        if (json instanceof JsonObject object) {
            return object.getMap();
        }
        return json instanceof JsonArray array ? array.getList() : json;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
