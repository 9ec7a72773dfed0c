package io.meterline.cost.repository;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.meterline.cost.service.Tariff;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The scan of a re-rating job (V21). A runner takes the oldest runnable job with FOR UPDATE SKIP LOCKED and holds
 * its row lock for one chunk: the chunk's usage rows are locked, priced again, the changed ones rewritten with
 * their per-event item, and the job's cursor and counters moved, all in that transaction. Two runners (two
 * instances) therefore never work on one job at once, and a chunk is applied exactly once: a crash rolls it back
 * whole, and the next runner starts from the cursor the last committed chunk left.
 */
@ApplicationScoped
public class RerateRepository {

    private static final String CLAIM = """
            SELECT id, cursor_customer, cursor_dedup_key, scanned_at IS NOT NULL AS scanned FROM rerate_jobs
            WHERE status <> 'SUCCEEDED' AND created_at <= now() - make_interval(secs => $1 / 1000.0)
            ORDER BY created_at, id LIMIT 1
            FOR UPDATE SKIP LOCKED
            """;

    private static final String SCOPES = """
            SELECT s.provider, s.model, s.from_time, s.until_time
            FROM rerate_jobs j, unnest(j.scope_provider, j.scope_model, j.scope_from, j.scope_until)
                AS s(provider, model, from_time, until_time)
            WHERE j.id = $1
            """;

    /**
     * $3 default provider; $4..$6 (key, from, until) per catalogue key of each scope (RateCatalog.key and
     * Pricer.rateKey: the same rule in SQL as the re-pricer's). Locks without SKIP LOCKED: another job correcting
     * the same rows waits for this chunk and then prices what it committed.
     */
    private static final String LOCK_PAGE = """
            SELECT u.customer_id, u.dedup_key, u.event_id, u.event_type, u.feature_id, u.provider, u.model,
                   u.input_tokens, u.cached_input_tokens, u.cache_write_tokens, u.output_tokens, u.quantity, u.unit,
                   u.event_time, u.user_id, u.team_id, u.batch_id, u.received_at, u.cost_usd, u.credits,
                   coalesce(u.price_multiplier, c.price_multiplier) AS price_multiplier,
                   coalesce(u.credits_per_usd, s.credits_per_usd) AS credits_per_usd
            FROM usage_events u JOIN customers c ON c.id = u.customer_id CROSS JOIN billing_settings s
            WHERE u.status = 'PRICED' AND (u.customer_id, u.dedup_key) > ($1, $2)
              AND EXISTS (SELECT 1 FROM unnest($4::text[], $5::timestamptz[], $6::timestamptz[]) AS w(key, f, t)
                          WHERE w.key = lower(coalesce(u.provider, $3)) || chr(1) || lower(coalesce(u.model, u.feature_id))
                            AND u.event_time >= w.f AND (w.t IS NULL OR u.event_time < w.t))
            ORDER BY u.customer_id, u.dedup_key
            LIMIT $7
            FOR UPDATE OF u
            """;

    /**
     * Rewrites the changed rows (the first price kept in original_*, set once; priced_at moves so the rollups of
     * their hours are recomputed) and records one item per row the UPDATE actually wrote, with the price it had
     * before (read in the statement's snapshot, under the chunk's row locks). Answers the items' count and sums.
     */
    private static final String APPLY = """
            WITH v AS (
                SELECT * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                    AS v(customer_id, dedup_key, cost, credits, rate_ids)
            ), old AS (
                SELECT u.customer_id, u.dedup_key, u.cost_usd, u.credits, u.rate_ids
                FROM usage_events u JOIN v ON v.customer_id = u.customer_id AND v.dedup_key = u.dedup_key
            ), changed AS (
                UPDATE usage_events u
                SET original_cost_usd = coalesce(u.original_cost_usd, u.cost_usd),
                    original_credits = coalesce(u.original_credits, u.credits),
                    original_rate_ids = coalesce(u.original_rate_ids, u.rate_ids),
                    cost_usd = v.cost::numeric, credits = v.credits::numeric, rate_ids = v.rate_ids::bigint[],
                    rerated_by = $1, priced_at = now()
                FROM v WHERE u.customer_id = v.customer_id AND u.dedup_key = v.dedup_key AND u.status = 'PRICED'
                RETURNING u.customer_id, u.dedup_key, u.event_id, u.cost_usd, u.credits, u.rate_ids
            ), items AS (
                INSERT INTO rerate_items (job_id, customer_id, dedup_key, event_id, old_cost_usd, new_cost_usd,
                                          old_credits, new_credits, old_rate_ids, new_rate_ids)
                SELECT $1, c.customer_id, c.dedup_key, c.event_id, o.cost_usd, c.cost_usd, o.credits, c.credits,
                       o.rate_ids, c.rate_ids
                FROM changed c JOIN old o ON o.customer_id = c.customer_id AND o.dedup_key = c.dedup_key
                RETURNING old_credits, new_credits
            )
            SELECT count(*) AS n, coalesce(sum(old_credits), 0) AS old_credits, coalesce(sum(new_credits), 0) AS new_credits
            FROM items
            """;

    private static final String ADVANCE = """
            UPDATE rerate_jobs SET status = 'RUNNING', started_at = coalesce(started_at, now()), cursor_customer = $2,
                cursor_dedup_key = $3, rows_examined = rows_examined + $4, rows_changed = rows_changed + $5,
                rows_unpriceable = rows_unpriceable + $6, old_credits = old_credits + $7,
                new_credits = new_credits + $8, scanned_at = CASE WHEN $9 THEN now() END
            WHERE id = $1
            """;

    /** What a chunk changed: the number of items written and the credits before and after, summed. */
    public record Applied(long changed, BigDecimal oldCredits, BigDecimal newCredits) {

        public static final Applied NONE = new Applied(0, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** Locks the oldest job at least {@code startDelay} old that is not finished and no other runner holds. */
    public Uni<RerateJob> claim(SqlConnection conn, Duration startDelay) {
        return conn.preparedQuery(CLAIM).execute(Tuple.of(startDelay.toMillis())).chain(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().nullItem();
            }
            Row job = rows.iterator().next();
            UUID id = job.getUUID("id");
            return conn.preparedQuery(SCOPES).execute(Tuple.of(id)).map(scopes -> {
                List<RerateJob.Scope> list = new ArrayList<>();
                for (Row s : scopes) {
                    OffsetDateTime until = s.getOffsetDateTime("until_time");
                    list.add(new RerateJob.Scope(s.getString("provider"), s.getString("model"),
                            s.getOffsetDateTime("from_time").toInstant(), until == null ? null : until.toInstant()));
                }
                return new RerateJob(id, list, job.getString("cursor_customer"), job.getString("cursor_dedup_key"),
                        job.getBoolean("scanned"));
            });
        });
    }

    /** Locks the next {@code limit} PRICED rows after the job's cursor matching one of the (key, from, until) windows. */
    public Uni<List<RerateCandidate>> lockPage(SqlConnection conn, RerateJob job, String defaultProvider,
            List<String> keys, List<OffsetDateTime> from, List<OffsetDateTime> until, int limit) {
        Tuple params = Tuple.from(List.<Object>of(job.cursorCustomer(), job.cursorDedupKey(), defaultProvider,
                keys.toArray(String[]::new), from.toArray(OffsetDateTime[]::new),
                until.toArray(OffsetDateTime[]::new), limit));
        return conn.preparedQuery(LOCK_PAGE).execute(params).map(rows -> {
            List<RerateCandidate> page = new ArrayList<>(rows.size());
            for (Row row : rows) {
                Tariff tariff = new Tariff(row.getBigDecimal("price_multiplier").stripTrailingZeros(),
                        row.getBigDecimal("credits_per_usd").stripTrailingZeros());
                page.add(new RerateCandidate(UnpricedRepository.toEvent(row), tariff, row.getBigDecimal("cost_usd"),
                        row.getBigDecimal("credits")));
            }
            return page;
        });
    }

    /** Writes the new prices of locked rows and their items (see APPLY); fails unless every row moved. */
    public Uni<Applied> apply(SqlConnection conn, UUID jobId, List<RerateChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().item(Applied.NONE);
        }
        int n = changes.size();
        String[] customer = new String[n], dedup = new String[n], cost = new String[n], credits = new String[n];
        String[] rateIds = new String[n];
        for (int i = 0; i < n; i++) {
            RerateChange c = changes.get(i);
            customer[i] = c.customerId();
            dedup[i] = c.dedupKey();
            cost[i] = c.costUsd().toPlainString();
            credits[i] = c.credits().toPlainString();
            rateIds[i] = UsageRepository.pgArray(c.rateIds());
        }
        return conn.preparedQuery(APPLY).execute(Tuple.of(jobId, customer, dedup, cost, credits, rateIds)).map(rows -> {
            Row row = rows.iterator().next();
            Applied applied = new Applied(row.getLong("n"), row.getBigDecimal("old_credits"),
                    row.getBigDecimal("new_credits"));
            if (applied.changed() != n) {
                throw new IllegalStateException("re-rated " + applied.changed() + " of " + n + " locked rows");
            }
            return applied;
        });
    }

    /** Moves the job's cursor and counters in the chunk's transaction; {@code scanned} ends the scan. */
    public Uni<Void> advance(SqlConnection conn, UUID jobId, String cursorCustomer, String cursorDedupKey,
            int examined, Applied applied, int unpriceable, boolean scanned) {
        return conn.preparedQuery(ADVANCE).execute(Tuple.from(List.<Object>of(jobId, cursorCustomer, cursorDedupKey,
                examined, applied.changed(), unpriceable, applied.oldCredits(),
                applied.newCredits(), scanned))).replaceWithVoid();
    }
}
