package io.meterline.cost.repository;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.Price;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes usage_events for a whole batch, and burns them, in one statement. The primary key (customer_id,
 * dedup_key) is the final guard against billing twice: a row that exists is skipped by ON CONFLICT and is
 * neither stored nor burned again, unless it is REJECTED (a replayed dead letter replaces it once and is billed
 * like a new row); the burn is summed from what the INSERT returned, in the same statement.
 */
@ApplicationScoped
public class UsageRepository {

    private static final String COLUMNS = """
            customer_id, dedup_key, event_id, event_type, feature_id, provider, model, input_tokens,
            cached_input_tokens, cache_write_tokens, output_tokens, quantity, unit, user_id, team_id, metadata,
            event_time, received_at, batch_id, status, cost_usd, credits, rate_ids, ledger_tx_id, price_multiplier,
            credits_per_usd, priced_at""";

    /**
     * Inserts the batch and burns what it inserted, in one statement (see WalletRepository). A key that exists is
     * skipped, unless its row is REJECTED: a replayed dead letter then replaces it and is billed like a new row.
     */
    private static final String INSERT_AND_BURN = """
            WITH charged AS (
                INSERT INTO usage_events (%1$s)
                SELECT customer_id, dedup_key, event_id, event_type, feature_id, provider, model, input_tokens,
                    cached_input_tokens, cache_write_tokens, output_tokens, quantity::numeric, unit, user_id, team_id,
                    metadata::jsonb, event_time, received_at, batch_id, status, cost_usd::numeric, credits::numeric,
                    rate_ids::bigint[], ledger_tx_id, multiplier::numeric, credits_per_usd::numeric,
                    CASE WHEN status = 'PRICED' THEN now() END
                FROM UNNEST($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::int8[], $9::int8[], $10::int8[], $11::int8[], $12::text[], $13::text[], $14::text[],
                    $15::text[], $16::text[], $17::timestamptz[], $18::timestamptz[], $19::uuid[], $20::text[],
                    $21::text[], $22::text[], $23::text[], $24::int8[], $25::text[], $26::text[])
                    AS t(customer_id, dedup_key, event_id, event_type, feature_id, provider, model,
                         input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, quantity, unit, user_id,
                         team_id, metadata, event_time, received_at, batch_id, status, cost_usd, credits, rate_ids,
                         ledger_tx_id, multiplier, credits_per_usd)
                ON CONFLICT (customer_id, dedup_key) DO UPDATE SET (%1$s, reject_reason, processed_at) = (%2$s, NULL, now())
                WHERE usage_events.status = 'REJECTED'
                RETURNING customer_id, dedup_key, status, credits, ledger_tx_id
            )
            """.formatted(COLUMNS, excluded(COLUMNS)) + WalletRepository.burnCharged("usage batch");

    /**
     * For events the batch did not write: records each whose key is stored under ANOTHER event id (a reused
     * idempotency key, docs/ingestion-api.md) so its status resolves; a redelivery of the stored event itself is
     * filtered out by the event_id comparison. Runs in the burn's transaction, so it sees this batch's own rows.
     */
    private static final String RECORD_DUPLICATES = """
            INSERT INTO usage_duplicates (customer_id, event_id, dedup_key, duplicate_of, received_at)
            SELECT k.customer_id, k.event_id, k.dedup_key, u.event_id, k.received_at
            FROM UNNEST($1::text[], $2::uuid[], $3::text[], $4::timestamptz[])
                AS k(customer_id, event_id, dedup_key, received_at)
            JOIN usage_events u ON u.customer_id = k.customer_id AND u.dedup_key = k.dedup_key
            WHERE u.event_id <> k.event_id
            ON CONFLICT (customer_id, event_id) DO NOTHING
            """;

    private static final String STORED = """
            SELECT u.customer_id, u.dedup_key, u.event_id, u.status, u.cost_usd, u.credits, u.rate_ids, u.ledger_tx_id,
                   t.balance_before, t.balance_after, t.created_at, w.low_balance_threshold
            FROM UNNEST($1::text[], $2::text[]) AS k(customer_id, dedup_key)
            JOIN usage_events u ON u.customer_id = k.customer_id AND u.dedup_key = k.dedup_key
            LEFT JOIN wallet_transactions t ON t.id = u.ledger_tx_id
            LEFT JOIN wallets w ON w.customer_id = u.customer_id
            """;

    private final Pool pool;

    public UsageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Inserts the rows that are new (or replace a REJECTED row) and burns their credits; returns the keys written
     * and the BURN rows. Rows must have distinct keys; priced rows of one customer share one ledger id.
     */
    public Uni<WalletRepository.Charged> insertAndBurn(SqlConnection conn, List<UsageRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(new WalletRepository.Charged(Set.of(), List.of()));
        }
        return conn.preparedQuery(INSERT_AND_BURN).execute(insertParams(rows)).map(WalletRepository::charged);
    }

    /**
     * Records, among events whose key the batch found already stored, those stored under another event id (one
     * statement; none when {@code skipped} is empty). Returns how many were recorded.
     */
    public Uni<Integer> recordDuplicates(SqlConnection conn, List<UsageEventV1> skipped) {
        if (skipped.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = skipped.size();
        String[] customer = new String[n], dedup = new String[n];
        UUID[] eventId = new UUID[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            UsageEventV1 e = skipped.get(i);
            customer[i] = e.customerId();
            eventId[i] = e.eventId();
            dedup[i] = e.dedupKey();
            received[i] = e.receivedAt() == null ? null : utc(e.receivedAt());
        }
        return conn.preparedQuery(RECORD_DUPLICATES).execute(Tuple.of(customer, eventId, dedup, received))
                .map(rows -> rows.rowCount());
    }

    /** "a, b" -> "excluded.a, excluded.b". */
    static String excluded(String columns) {
        StringBuilder out = new StringBuilder();
        for (String column : columns.split(",")) {
            out.append(out.length() == 0 ? "" : ", ").append("excluded.").append(column.strip());
        }
        return out.toString();
    }

    /** Reads back rows that were already stored (one query), with the BURN row that charged each. */
    public Uni<List<StoredUsage>> stored(List<String> customerIds, List<String> dedupKeys) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery(STORED)
                .execute(Tuple.of(customerIds.toArray(String[]::new), dedupKeys.toArray(String[]::new)))
                .map(rows -> {
                    List<StoredUsage> stored = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        stored.add(toStored(row));
                    }
                    return stored;
                });
    }

    /** A stored row with its BURN row (its columns as STORED names them). */
    static StoredUsage toStored(Row row) {
        Long ledgerId = row.getLong("ledger_tx_id");
        BurnRow burn = ledgerId == null || row.getBigDecimal("balance_after") == null ? null
                : new BurnRow(row.getString("customer_id"), ledgerId, row.getBigDecimal("balance_before"),
                        row.getBigDecimal("balance_after"), row.getBigDecimal("low_balance_threshold"),
                        row.getOffsetDateTime("created_at").toInstant());
        Long[] rateIds = row.getArrayOfLongs("rate_ids");
        return new StoredUsage(row.getString("customer_id"), row.getString("dedup_key"), row.getUUID("event_id"),
                row.getString("status"), row.getBigDecimal("cost_usd"), row.getBigDecimal("credits"),
                rateIds == null ? new long[0] : Arrays.stream(rateIds).mapToLong(Long::longValue).toArray(), burn);
    }

    private static Tuple insertParams(List<UsageRow> rows) {
        int n = rows.size();
        String[] customer = new String[n], dedup = new String[n], type = new String[n], feature = new String[n];
        String[] provider = new String[n], model = new String[n], quantity = new String[n], unit = new String[n];
        String[] user = new String[n], team = new String[n], metadata = new String[n], status = new String[n];
        String[] cost = new String[n], credits = new String[n], rateIds = new String[n];
        String[] multiplier = new String[n], creditsPerUsd = new String[n];
        UUID[] eventId = new UUID[n], batchId = new UUID[n];
        Long[] input = new Long[n], cached = new Long[n], cacheWrite = new Long[n], output = new Long[n];
        Long[] ledger = new Long[n];
        OffsetDateTime[] time = new OffsetDateTime[n], received = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            UsageRow row = rows.get(i);
            UsageEventV1 e = row.event();
            Price price = row.price();
            customer[i] = e.customerId();
            dedup[i] = e.dedupKey();
            eventId[i] = e.eventId();
            type[i] = e.eventType().name();
            feature[i] = e.featureId();
            provider[i] = e.provider();
            model[i] = e.model();
            input[i] = e.inputTokens();
            cached[i] = e.cachedInputTokens();
            cacheWrite[i] = e.cacheWriteTokens();
            output[i] = e.outputTokens();
            quantity[i] = e.quantity() == null ? null : e.quantity().toPlainString();
            unit[i] = e.unit();
            user[i] = e.userId();
            team[i] = e.teamId();
            metadata[i] = e.metadata() == null || e.metadata().isNull() ? null : e.metadata().toString();
            time[i] = utc(e.timestamp());
            received[i] = utc(e.receivedAt());
            batchId[i] = e.batchId();
            status[i] = price.status();
            cost[i] = price.priced() ? price.costUsd().toPlainString() : null;
            credits[i] = price.priced() ? price.credits().toPlainString() : null;
            rateIds[i] = price.priced() ? pgArray(price.rateIds()) : null;
            ledger[i] = row.ledgerTxId();
            multiplier[i] = price.priced() ? price.tariff().multiplier().toPlainString() : null;
            creditsPerUsd[i] = price.priced() ? price.tariff().creditsPerUsd().toPlainString() : null;
        }
        return Tuple.from(List.<Object>of(customer, dedup, eventId, type, feature, provider, model, input, cached,
                cacheWrite, output, quantity, unit, user, team, metadata, time, received, batchId, status, cost,
                credits, rateIds, ledger, multiplier, creditsPerUsd));
    }

    /** For the client's TIMESTAMPTZ encoding; unlike OffsetDateTime.ofInstant, builds no ZoneRules per call. */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    static String pgArray(long[] values) {
        StringBuilder text = new StringBuilder(values.length * 8 + 2).append('{');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(values[i]);
        }
        return text.append('}').toString();
    }
}
