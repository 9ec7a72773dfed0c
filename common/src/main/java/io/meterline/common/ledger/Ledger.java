package io.meterline.common.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The one home of every wallet write: top-up, adjustment, burn, charge, refund, grant, expiry, re-rating and
 * holds (reservations, see below). Java callers post through {@link #post}; set-based SQL callers (the cost worker's
 * burn, which must be computed in the statement that inserts the usage rows) call {@link #FUNCTION} inside
 * their statement. Nothing else writes {@code wallet_transactions} or {@code wallets.balance}.
 *
 * <p>The work is done by the SQL function {@code ledger_post} (migrations V13, V19), so that both services and any
 * statement share one implementation. Invariants it keeps, for every wallet:
 * <ul>
 * <li><b>Locked</b>: the wallets of one call are locked {@code FOR NO KEY UPDATE} in customer_id order (two
 * callers never deadlock), and stay locked until the caller's transaction ends. Anything else that changes a
 * wallet's grants (creating, closing) locks the wallet first, in the same order.</li>
 * <li><b>Sequenced</b>: each row takes the wallet's next {@code seq} (1, 2, 3, ... without gaps) under that
 * lock, so the sequence is the order in which balances changed. Ids are not an order.</li>
 * <li><b>Chained</b>: {@code balance_before} is the balance just before the row, {@code balance_after =
 * balance_before + amount} (also a table check), read in seq order each row's balance_before is the previous
 * row's balance_after (0 for the first), and the last balance_after equals {@code wallets.balance}.</li>
 * <li><b>Append-only and once</b>: rows are never updated or deleted (trigger); (customer_id,
 * idempotency_key) is unique, so a retried write fails with 23505 instead of posting twice.</li>
 * <li><b>Exact</b>: NUMERIC(38,18); a balance that would leave that range fails (22003) and changes nothing.</li>
 * <li><b>Held by grants</b>: {@code balance = Σ credit_grants.remaining − wallets.overdraft} (overdraft &ge; 0,
 * remaining &ge; 0), and each row's {@code ledger_allocations} (grant_id, or null for the overdraft) sum to its
 * amount; a grant's remaining is the sum of its allocations, the overdraft minus the sum of the wallet's
 * null-grant allocations. Only ledger_post writes remaining, overdraft and allocations.</li>
 * </ul>
 * How each row is allocated (the whole contract; callers other than grants need not know it):
 * <ul>
 * <li><b>Debit</b> ({@code amount < 0}) without grant: from the live grants (ACTIVE, not past
 * {@code expires_at}, remaining &gt; 0) in burn order: {@code priority} ascending, then {@code expires_at}
 * earliest first (no expiry last), then {@code effective_at}, then creation order; what they cannot cover goes
 * to the overdraft. Never refused for lack of credit.</li>
 * <li><b>Debit with {@link Posting#grantId}</b> (EXPIRE, VOID): from that grant only; fails (22023) unless it
 * is ACTIVE and its remaining covers the amount.</li>
 * <li><b>Credit</b> ({@code amount > 0}): first repays the overdraft; then, with {@link Posting#restoreFrom}
 * (the id of an earlier debit row of the same wallet, else 22023), goes back to the grants that row drew from,
 * newest-drawn first, only into grants still live, never more than each gave net of earlier restores of that row;
 * then, with {@link Posting#grantId}, into that grant (PENDING or ACTIVE, which it makes ACTIVE; 23503 if there
 * is none); any rest becomes an implicit grant {@code <type lowercase>:<idempotency_key>} created by ledger_post:
 * source PURCHASE for TOP_UP, ADJUSTMENT otherwise, priority 100, effective now, no expiry. So a top-up is a
 * PURCHASE grant without expiry.</li>
 * </ul>
 * A call posts at most one row per wallet (22023 otherwise) and fails (23503) if a wallet does not exist; a
 * failure aborts the caller's statement, so nothing of it is written. The audit checks all of the above.
 *
 * <p><b>Spend control</b> (V24; {@link Holds}, docs/spend-control.md). A wallet has a {@code spend_mode} (SOFT,
 * HARD) and {@code held}, the credits held by its OPEN reservations; available = balance − held. The functions
 * {@code ledger_hold}, {@code ledger_hold_many} (a batch in one statement, V33), {@code ledger_release},
 * {@code ledger_release_many} (V36), {@code ledger_settle} (also through {@code ledger_post_settling}, V30, and the
 * charges' {@code charge_post}, V34) and {@code ledger_expire_holds} are the only writers of {@code reservations}
 * and {@code wallets.held}; they lock the wallet like ledger_post (customer_id order), then touch its reservations,
 * which they find by primary key (V32: a predicate on status would let the planner read every open hold); their
 * stale-hold probe can use only the per-customer index (V35) and asks it for the first due hold by expiry (V37).
 * Every ledger function, and the ledger's trigger functions, run with {@code enable_seqscan = off} (V39): each of
 * their statements reads by key, and a generic plan that PL/pgSQL made while a table was nearly empty must not
 * read the whole table on every later call. The hold, release, settle and expiry functions and charge_post also
 * run with {@code plan_cache_mode = force_generic_plan} (V40): one plan per statement and connection, never a plan
 * per call for the values of a small batch. A {@code CREATE OR REPLACE} of any of them must restate its settings. Holds write no ledger row: the balance moves only when an item is
 * billed.
 * <ul>
 * <li><b>Held is the open holds</b>: {@code wallets.held = Σ estimate} of the wallet's OPEN reservations (audit
 * {@code holds_match_reservations}); a reservation closes once (SETTLED, RELEASED, EXPIRED) and never changes
 * again.</li>
 * <li><b>HARD never overdraws by a hold or a charge</b>: ledger_hold refuses (writing nothing) when balance − held
 * &lt; estimate on a HARD wallet, and a {@link Posting#withinAvailable} debit (charges) is refused with SQLSTATE
 * {@value #INSUFFICIENT_CREDITS} when it exceeds balance − held; both decide under the wallet lock, so concurrent
 * callers are serialised. Burns are never refused (usage already happened): they may overdraw a HARD wallet.</li>
 * <li><b>Stale holds do not count</b>: every hold, release and limited post first expires the wallet's OPEN holds
 * past expires_at; the sweep ({@code ledger_expire_holds}, SKIP LOCKED) expires the rest.</li>
 * <li><b>Settled once</b>: ledger_settle closes only OPEN, unexpired reservations, the first item naming one
 * wins, and a repeat finds it closed; the item itself is billed as usual through ledger_post.</li>
 * </ul>
 *
 * <p><b>Auto top-up requests</b> (V25) are decided by two triggers of this component, so no write path (the
 * set-based burn, charges, holds, anything later) can bypass them:
 * <ul>
 * <li>{@code wallets_auto_top_up}, BEFORE UPDATE OF balance, held on {@code wallets}: when the wallet has
 * {@code auto_top_up_threshold/target}, is armed ({@code top_up_requested_id} null), and the update lowers its
 * available balance (balance − held) to below the threshold, it writes one request in the same transaction and
 * under the same row lock: a {@code top_up_requests} row, a {@code TOP_UP_REQUESTED} record in the outbox of the
 * wallet-alerts topic, the {@code wallet.top_up_requested} webhook deliveries ({@code webhook_fan_out}), and sets
 * {@code top_up_requested_id}. Its WHEN clause is the whole cost for every other update (the burn's included).</li>
 * <li>{@code wallet_transactions_rearm_top_up}, AFTER INSERT of a {@code TOP_UP} or {@code GRANT} row (credits):
 * clears {@code top_up_requested_id}. Nothing else re-arms: refunds, positive adjustments, re-rating credits,
 * released holds and configuration changes do not.</li>
 * </ul>
 * So between two requests of a wallet there is a TOP_UP or GRANT row (audit: {@code top_up_once_per_crossing}),
 * and concurrent writes that cross together request once (the second sees the first's id after its lock wait).
 * {@code amount} = target − available &gt; 0; the request id ({@code tur_} + 32 hex) is a valid grant_id.
 */
public final class Ledger {

    /** The SQL function, for statements that post from their own rows (arguments as in {@link #post}). */
    public static final String FUNCTION = "ledger_post";

    /** SQLSTATE of a debit refused by spend control ({@link Posting#withinAvailable}); DETAIL gives the figures. */
    public static final String INSUFFICIENT_CREDITS = "ML402";

    private static final String POST = """
            SELECT * FROM ledger_post($1::text[], $2::text[], $3::text[]::numeric[], $4::text[], $5::text[], $6::int4[],
                                      $7::int8[], $8::text[], $9::int8[])""";
    private static final String POST_LIMITED = """
            SELECT * FROM ledger_post_limited($1::text[], $2::text[], $3::text[]::numeric[], $4::text[], $5::text[],
                                              $6::int4[], $7::int8[], $8::text[], $9::int8[], $10::bool[])""";

    /** ledger_post_limited after ledger_settle, one statement (V30): a charge settling the hold it names. */
    private static final String POST_SETTLING = """
            SELECT * FROM ledger_post_settling($11::text[], $12::text[], $13::text[]::numeric[], $14::text[],
                                               $15::text[], $1::text[], $2::text[], $3::text[]::numeric[],
                                               $4::text[], $5::text[], $6::int4[], $7::int8[], $8::text[],
                                               $9::int8[], $10::bool[])""";

    private Ledger() {
    }

    /** Posts the rows (distinct wallets) in the caller's transaction; returns them in customer_id order. */
    public static Uni<List<LedgerEntry>> post(SqlClient tx, List<Posting> postings) {
        List<Object> params = params(postings);
        return execute(tx, params.size() > 9 ? POST_LIMITED : POST, params);
    }

    /**
     * Settles the reservations the items name ({@link Holds#settle}), then posts the rows, in ONE statement: one
     * round trip less under the wallet lock than the two calls. The rows are posted as by {@link #post} with every
     * one checked against the available balance where it says so (ledger_post_limited).
     */
    public static Uni<List<LedgerEntry>> postSettling(SqlClient tx, List<Posting> postings,
            List<Settlement> settlements) {
        return execute(tx, POST_SETTLING, postSettlingParams(postings, settlements));
    }

    /**
     * The fifteen arguments of ledger_post_settling in statement order: ledger_post_limited's ten arrays, then
     * ledger_settle's five (empty arrays for no settlement). For SQL that posts through it within a larger statement
     * (the charges' {@code charge_post}, V34).
     */
    public static List<Object> postSettlingParams(List<Posting> postings, List<Settlement> settlements) {
        List<Object> params = params(postings);
        if (params.size() == 9) {
            params.add(new Boolean[postings.size()]);
        }
        params.addAll(Holds.settleParams(settlements));
        return params;
    }

    /** The nine arrays of ledger_post, and the tenth (p_limit) when some posting is limited. */
    private static List<Object> params(List<Posting> postings) {
        int n = postings.size();
        String[] customers = new String[n], types = new String[n], amounts = new String[n], keys = new String[n];
        String[] descriptions = new String[n];
        Integer[] counts = new Integer[n];
        Long[] ids = new Long[n], restores = new Long[n];
        String[] grants = new String[n];
        Boolean[] limited = new Boolean[n];
        boolean anyLimited = false;
        for (int i = 0; i < n; i++) {
            Posting p = postings.get(i);
            customers[i] = p.customerId();
            types[i] = p.type();
            amounts[i] = p.amount().toPlainString();
            keys[i] = p.idempotencyKey();
            descriptions[i] = p.description();
            counts[i] = p.eventCount();
            ids[i] = p.id();
            grants[i] = p.grantId();
            restores[i] = p.restoreFrom();
            limited[i] = p.withinAvailable();
            anyLimited |= p.withinAvailable();
        }
        boolean named = Arrays.stream(grants).anyMatch(Objects::nonNull);
        boolean restoring = Arrays.stream(restores).anyMatch(Objects::nonNull);
        List<Object> params = new ArrayList<>(Arrays.<Object>asList(customers, types, amounts, keys, descriptions,
                counts, ids, named ? grants : null, restoring ? restores : null));
        if (anyLimited) {
            params.add(limited);
        }
        return params;
    }

    private static Uni<List<LedgerEntry>> execute(SqlClient tx, String sql, List<Object> params) {
        return tx.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<LedgerEntry> entries = new ArrayList<>(rows.size());
            for (Row row : rows) {
                entries.add(LedgerEntry.from(row));
            }
            return entries;
        });
    }

    /** Posts one row; see {@link #post(SqlClient, List)}. */
    public static Uni<LedgerEntry> post(SqlClient tx, Posting posting) {
        return post(tx, List.of(posting)).map(entries -> entries.get(0));
    }
}
