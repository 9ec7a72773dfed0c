package io.meterline.cost.repository;

import java.util.ArrayList;
import java.util.List;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;
import io.meterline.cost.service.Tariff;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * UNPRICED usage rows, for re-pricing once a covering rate exists. Rows are locked FOR UPDATE SKIP LOCKED in
 * bounded pages, in primary-key order (keyset pagination, so one pass visits each candidate once even when
 * some stay UNPRICED); two workers re-pricing at once take disjoint rows. The status guard on the UPDATE
 * makes a row move from UNPRICED to PRICED exactly once. A row the current catalogue cannot price is marked with
 * the catalogue's fingerprint and not locked again until the catalogue changes.
 */
@ApplicationScoped
public class UnpricedRepository {

    /** $3 = default provider, $4 = catalogue keys (see RateCatalog.key and Pricer.rateKey: same rule in SQL). */
    private static final String LOCK_PAGE = """
            SELECT u.customer_id, u.dedup_key, u.event_id, u.event_type, u.feature_id, u.provider, u.model,
                   u.input_tokens, u.cached_input_tokens, u.cache_write_tokens, u.output_tokens, u.quantity, u.unit,
                   u.event_time, u.user_id, u.team_id, u.batch_id, u.received_at, c.price_multiplier, s.credits_per_usd
            FROM usage_events u JOIN customers c ON c.id = u.customer_id CROSS JOIN billing_settings s
            WHERE u.status = 'UNPRICED' AND (u.customer_id, u.dedup_key) > ($1, $2)
              AND lower(coalesce(u.provider, $3)) || chr(1) || lower(coalesce(u.model, u.feature_id)) = ANY($4)
              AND u.unpriced_catalogue IS DISTINCT FROM $6
            ORDER BY u.customer_id, u.dedup_key
            LIMIT $5
            FOR UPDATE OF u SKIP LOCKED
            """;

    /**
     * Marks the rows priced, records them in the outbox (see PricedOutbox) and burns exactly the rows that moved,
     * all in one statement (see WalletRepository).
     */
    private static final String MARK_PRICED_AND_BURN = """
            WITH charged AS (
                UPDATE usage_events u
                SET status = 'PRICED', cost_usd = v.cost::numeric, credits = v.credits::numeric,
                    rate_ids = v.rate_ids::bigint[], ledger_tx_id = v.ledger_id, price_multiplier = v.multiplier::numeric,
                    credits_per_usd = v.credits_per_usd::numeric, priced_at = now()
                FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[],
                            $8::text[])
                    AS v(customer_id, dedup_key, cost, credits, rate_ids, ledger_id, multiplier, credits_per_usd)
                WHERE u.customer_id = v.customer_id AND u.dedup_key = v.dedup_key AND u.status = 'UNPRICED'
                RETURNING u.customer_id, u.dedup_key, u.status, u.credits, u.ledger_tx_id
            ), outbox AS (
                INSERT INTO usage_priced_outbox (customer_id, dedup_key) SELECT customer_id, dedup_key FROM charged
            )
            """ + WalletRepository.burnCharged("reprice");

    /** Rows the catalogue with this fingerprint could not price: not locked again until the catalogue changes. */
    private static final String MARK_UNPRICEABLE = """
            UPDATE usage_events u SET unpriced_catalogue = $3
            FROM UNNEST($1::text[], $2::text[]) AS k(customer_id, dedup_key)
            WHERE u.customer_id = k.customer_id AND u.dedup_key = k.dedup_key AND u.status = 'UNPRICED'
            """;

    /**
     * Locks the next page of UNPRICED rows after (afterCustomer, afterDedupKey) whose key is in {@code keys} and
     * that were not already found unpriceable under the catalogue with this {@code fingerprint}.
     */
    public Uni<List<UnpricedRow>> lockPage(SqlConnection conn, String afterCustomer, String afterDedupKey,
            String defaultProvider, List<String> keys, int limit, long fingerprint) {
        Tuple params = Tuple.from(List.<Object>of(afterCustomer, afterDedupKey, defaultProvider,
                keys.toArray(String[]::new), limit, fingerprint));
        return conn.preparedQuery(LOCK_PAGE).execute(params).map(rows -> {
            List<UnpricedRow> page = new ArrayList<>(rows.size());
            for (Row row : rows) {
                page.add(new UnpricedRow(toEvent(row), new Tariff(row.getBigDecimal("price_multiplier").stripTrailingZeros(),
                        row.getBigDecimal("credits_per_usd").stripTrailingZeros())));
            }
            return page;
        });
    }

    /**
     * Marks the rows priced, links them to their BURN rows, burns them and enters them in the outbox until their
     * records are acknowledged; fails unless every row moved (they are locked by {@link #lockPage}).
     */
    public Uni<WalletRepository.Charged> markPricedAndBurn(SqlConnection conn, List<UsageRow> rows) {
        int n = rows.size();
        String[] customer = new String[n], dedup = new String[n], cost = new String[n], credits = new String[n];
        String[] rateIds = new String[n], multiplier = new String[n], creditsPerUsd = new String[n];
        Long[] ledger = new Long[n];
        for (int i = 0; i < n; i++) {
            UsageRow row = rows.get(i);
            customer[i] = row.event().customerId();
            dedup[i] = row.event().dedupKey();
            cost[i] = row.price().costUsd().toPlainString();
            credits[i] = row.price().credits().toPlainString();
            rateIds[i] = UsageRepository.pgArray(row.price().rateIds());
            ledger[i] = row.ledgerTxId();
            multiplier[i] = row.price().tariff().multiplier().toPlainString();
            creditsPerUsd[i] = row.price().tariff().creditsPerUsd().toPlainString();
        }
        Tuple params = Tuple.from(List.<Object>of(customer, dedup, cost, credits, rateIds, ledger, multiplier,
                creditsPerUsd));
        return conn.preparedQuery(MARK_PRICED_AND_BURN).execute(params).map(result -> {
            WalletRepository.Charged charged = WalletRepository.charged(result);
            if (charged.keys().size() != n) {
                throw new IllegalStateException("re-priced " + charged.keys().size() + " of " + n + " rows");
            }
            return charged;
        });
    }

    /** Remembers that the catalogue with {@code fingerprint} cannot price these locked rows. */
    public Uni<Void> markUnpriceable(SqlConnection conn, List<UsageEventV1> events, long fingerprint) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] customers = events.stream().map(UsageEventV1::customerId).toArray(String[]::new);
        String[] keys = events.stream().map(UsageEventV1::dedupKey).toArray(String[]::new);
        return conn.preparedQuery(MARK_UNPRICEABLE).execute(Tuple.of(customers, keys, fingerprint)).replaceWithVoid();
    }

    /** The event a usage row came from (its columns as LOCK_PAGE names them). */
    static UsageEventV1 toEvent(Row row) {
        return new UsageEventV1(UsageEventV1.SCHEMA_VERSION, row.getUUID("event_id"), row.getString("customer_id"),
                EventType.valueOf(row.getString("event_type")), row.getString("feature_id"),
                row.getString("provider"), row.getString("model"), row.getLong("input_tokens"),
                row.getLong("cached_input_tokens"), row.getLong("cache_write_tokens"), row.getLong("output_tokens"),
                row.getBigDecimal("quantity"), row.getString("unit"),
                row.getOffsetDateTime("event_time").toInstant(), row.getString("user_id"), row.getString("team_id"),
                null, row.getString("dedup_key"), row.getUUID("batch_id"),
                row.getOffsetDateTime("received_at").toInstant());
    }
}
