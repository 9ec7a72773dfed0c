package io.meterline.cost.repository;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.meterline.common.event.UsageEventV1;
import io.meterline.common.ledger.Ledger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The end of a re-rating job: ONE RERATE ledger row per wallet per job, then one usage-priced record per item.
 *
 * <p>Settling posts, for a batch of wallets whose items have no ledger row yet, the sum of their items' old minus
 * new credits through {@link Ledger#FUNCTION} (negative: the wallet pays more; positive: it is credited) under the
 * key {@code rerate:<job>:<customer>}, and links the items to it, in one statement: an item is settled exactly
 * when its wallet's RERATE row exists, and the unique key makes a second posting fail rather than apply. It runs
 * under the job's row lock, after the scan, so a wallet's items are all known when it is settled.
 *
 * <p>The items are the outbox of re-rating: a settled item whose record was not acknowledged by Kafka stays
 * {@code published = false} and is locked (SKIP LOCKED) and published again by the next runner.
 */
@ApplicationScoped
public class RerateSettlement {

    private static final String SETTLE = """
            WITH due AS (
                SELECT customer_id, sum(old_credits - new_credits) AS amount, count(*)::int AS n
                FROM rerate_items WHERE job_id = $1 AND ledger_tx_id IS NULL
                GROUP BY customer_id ORDER BY customer_id LIMIT $2
            ), postings AS (
                SELECT array_agg(customer_id ORDER BY customer_id) AS customers,
                       array_agg('RERATE'::text ORDER BY customer_id) AS types,
                       array_agg(amount ORDER BY customer_id) AS amounts,
                       array_agg('rerate:' || $1::text || ':' || customer_id ORDER BY customer_id) AS keys,
                       array_agg('re-rating job ' || $1::text ORDER BY customer_id) AS descriptions,
                       array_agg(n ORDER BY customer_id) AS counts,
                       array_agg(NULL::bigint ORDER BY customer_id) AS ids
                FROM due
            ), posted AS (
                SELECT l.* FROM postings p,
                    LATERAL %s(p.customers, p.types, p.amounts, p.keys, p.descriptions, p.counts, p.ids) l
            ), linked AS (
                UPDATE rerate_items i SET ledger_tx_id = p.id FROM posted p
                WHERE i.job_id = $1 AND i.customer_id = p.customer_id AND i.ledger_tx_id IS NULL
                RETURNING i.customer_id
            )
            SELECT p.customer_id, p.id, p.balance_before, p.balance_after, p.low_balance_threshold, p.created_at,
                   p.event_count, (SELECT count(*) FROM linked) AS linked
            FROM posted p
            """.formatted(Ledger.FUNCTION);

    private static final String FINISH = """
            UPDATE rerate_jobs SET status = 'SUCCEEDED', finished_at = now(),
                wallets_settled = (SELECT count(DISTINCT customer_id) FROM rerate_items WHERE job_id = $1)
            WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM rerate_items WHERE job_id = $1 AND ledger_tx_id IS NULL)
            """;

    private static final String LOCK_UNPUBLISHED = """
            SELECT i.job_id, i.new_cost_usd, i.new_credits, i.old_credits, i.new_rate_ids, i.ledger_tx_id,
                   t.balance_after, u.customer_id, u.dedup_key, u.event_id, u.event_type, u.feature_id, u.provider,
                   u.model, u.input_tokens, u.cached_input_tokens, u.cache_write_tokens, u.output_tokens, u.quantity,
                   u.unit, u.event_time, u.user_id, u.team_id, u.batch_id, u.received_at
            FROM rerate_items i
            JOIN usage_events u ON u.customer_id = i.customer_id AND u.dedup_key = i.dedup_key
            JOIN wallet_transactions t ON t.id = i.ledger_tx_id
            WHERE NOT i.published AND i.ledger_tx_id IS NOT NULL
            ORDER BY i.job_id, i.customer_id, i.dedup_key
            LIMIT $1
            FOR UPDATE OF i SKIP LOCKED
            """;

    private static final String MARK_PUBLISHED = """
            UPDATE rerate_items i SET published = TRUE
            FROM UNNEST($1::uuid[], $2::text[], $3::text[]) AS k(job_id, customer_id, dedup_key)
            WHERE i.job_id = k.job_id AND i.customer_id = k.customer_id AND i.dedup_key = k.dedup_key
            """;

    /** A settled item to publish: the event, its job, its price before and after, and its wallet's RERATE row. */
    public record Unpublished(UsageEventV1 event, UUID jobId, BigDecimal costUsd, BigDecimal credits,
            BigDecimal previousCredits, long[] rateIds, long ledgerTxId, BigDecimal balanceAfter) {
    }

    /** Settles up to {@code wallets} wallets of the job; returns their RERATE rows (empty: nothing was left). */
    public Uni<List<BurnRow>> settle(SqlConnection conn, UUID jobId, int wallets) {
        return conn.preparedQuery(SETTLE).execute(Tuple.of(jobId, wallets)).map(rows -> {
            List<BurnRow> posted = new ArrayList<>(rows.size());
            long items = 0, linked = 0;
            for (Row row : rows) {
                posted.add(new BurnRow(row.getString("customer_id"), row.getLong("id"),
                        row.getBigDecimal("balance_before"), row.getBigDecimal("balance_after"),
                        row.getBigDecimal("low_balance_threshold"), row.getOffsetDateTime("created_at").toInstant()));
                items += row.getInteger("event_count");
                linked = row.getLong("linked");
            }
            if (items != linked) {
                throw new IllegalStateException("RERATE rows cover " + items + " items but " + linked + " were linked");
            }
            return posted;
        });
    }

    /** Marks the job SUCCEEDED once every item is settled. */
    public Uni<Void> finish(SqlConnection conn, UUID jobId) {
        return conn.preparedQuery(FINISH).execute(Tuple.of(jobId)).replaceWithVoid();
    }

    /** Locks up to {@code limit} settled, unpublished items (of any job) in the caller's transaction. */
    public Uni<List<Unpublished>> lockUnpublished(SqlConnection conn, int limit) {
        return conn.preparedQuery(LOCK_UNPUBLISHED).execute(Tuple.of(limit)).map(rows -> {
            List<Unpublished> list = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Long[] ids = row.getArrayOfLongs("new_rate_ids");
                list.add(new Unpublished(UnpricedRepository.toEvent(row), row.getUUID("job_id"),
                        row.getBigDecimal("new_cost_usd"), row.getBigDecimal("new_credits"),
                        row.getBigDecimal("old_credits"),
                        ids == null ? new long[0] : Arrays.stream(ids).mapToLong(Long::longValue).toArray(),
                        row.getLong("ledger_tx_id"), row.getBigDecimal("balance_after")));
            }
            return list;
        });
    }

    /** Marks these items published (their records were acknowledged), in the transaction that locked them. */
    public Uni<Void> markPublished(SqlConnection conn, List<Unpublished> items) {
        Tuple keys = Tuple.of(items.stream().map(Unpublished::jobId).toArray(UUID[]::new),
                items.stream().map(i -> i.event().customerId()).toArray(String[]::new),
                items.stream().map(i -> i.event().dedupKey()).toArray(String[]::new));
        return conn.preparedQuery(MARK_PUBLISHED).execute(keys).replaceWithVoid();
    }
}
