package io.meterline.aggregation.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.meterline.aggregation.repository.DirtyMarkRepository;
import io.meterline.aggregation.repository.FailedBucketRepository;
import io.meterline.aggregation.repository.FailedBucketRepository.FailedBucket;
import io.meterline.aggregation.repository.RollupRepository;
import io.meterline.aggregation.repository.RollupRepository.Hour;
import io.meterline.aggregation.repository.RollupRepository.Written;
import io.meterline.aggregation.repository.Transactions;
import io.meterline.aggregation.repository.Transactions.Attempt;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The recomputation of one run, inside the run's transaction (which holds the advisory lock), in this order:
 * <ol>
 * <li>Every bucket listed in aggregation_failed_buckets is retried on its own, in a savepoint that first takes it
 * off the list: on success it stays off (and a retried hour's day is rebuilt), on a data error the savepoint is
 * rolled back and the row counts one more attempt. A failed bucket is never forgotten: every later run retries it
 * until it succeeds.</li>
 * <li>The work is recomputed set-based, in two statements, in a savepoint. This is the normal path. The work of
 * an incremental run is the hours it took from rollup_dirty (and the days of customers whose time zone changed,
 * from rollup_rezoned); the take is part of the run's transaction, so a run that fails leaves the marks for the
 * next one. The work of a backfill is every hour of its event-time range.</li>
 * <li>Only if that fails with a data error (SQLSTATE class 22/23): back to the savepoint, then each customer's
 * hours and days in a savepoint of their own; for a customer that fails, each hour, then each day. A bucket that
 * fails on its own is listed (and so left out of later set-based runs); every other bucket is rolled up.</li>
 * </ol>
 * Any other error fails the run as a whole, as before. Nothing here commits: the caller's transaction does, once.
 */
@ApplicationScoped
public class RollupRun {

    private final RollupRepository rollups;
    private final DirtyMarkRepository marks;
    private final FailedBucketRepository failedBuckets;

    public RollupRun(RollupRepository rollups, DirtyMarkRepository marks, FailedBucketRepository failedBuckets) {
        this.rollups = rollups;
        this.marks = marks;
        this.failedBuckets = failedBuckets;
    }

    /** A bucket that failed in this run; {@code attempts} counts the runs that tried it (1: failed for the first time). */
    public record Failure(String customerId, String period, OffsetDateTime periodStart, String sqlState, String error,
            int attempts) {
    }

    /**
     * What a run wrote, which buckets failed in it, how many listed buckets it recovered, and the hours whose
     * periods it recomputed (their days included; empty for a backfill, which announces nothing).
     */
    public record Outcome(Written written, List<Failure> failures, int recovered, List<Hour> changed) {
    }

    /** Mutable totals of one run; the steps of a run are sequential, so no two touch it at once. */
    private static final class Tally {
        Written written = Written.NONE;
        final List<Failure> failures = new ArrayList<>();
        int recovered;
    }

    /** A backfill: every hour with a row whose event_time is in [from, to), and its day. */
    public Uni<Outcome> backfill(SqlConnection tx, UUID jobId, OffsetDateTime from, OffsetDateTime to) {
        Tally tally = new Tally();
        return run(tx, jobId, tally, () -> rollups.recompute(tx, from, to),
                () -> rollups.touched(tx, from, to).map(hours -> new Work(hours, List.of())))
                .map(ignored -> new Outcome(tally.written, List.copyOf(tally.failures), tally.recovered, List.of()));
    }

    /**
     * An incremental run: the dirty hours (and their days), and the days of re-zoned customers; a run that finds
     * nothing dirty costs two small statements.
     */
    public Uni<Outcome> incremental(SqlConnection tx, UUID jobId) {
        Tally tally = new Tally();
        return marks.claimDirty(tx).flatMap(hours -> marks.claimRezoned(tx).map(days -> new Work(hours, days)))
                .flatMap(work -> run(tx, jobId, tally, () -> rollups.recompute(tx, work.hours(), work.dayHours()),
                        () -> Uni.createFrom().item(work))
                        .map(ignored -> {
                            List<Hour> changed = new ArrayList<>(work.hours());
                            changed.addAll(work.dayHours());
                            return new Outcome(tally.written, List.copyOf(tally.failures), tally.recovered, changed);
                        }));
    }

    /** Hours to recompute (with their days), and hours whose days only are rebuilt. */
    private record Work(List<Hour> hours, List<Hour> dayHours) {
    }

    private Uni<Void> run(SqlConnection tx, UUID jobId, Tally tally, Supplier<Uni<Written>> setBased,
            Supplier<Uni<Work>> work) {
        return retryListed(tx, jobId, tally)
                .flatMap(ignored -> Transactions.attempt(tx, setBased))
                .flatMap(window -> {
                    if (window.succeeded()) {
                        tally.written = tally.written.plus(window.value());
                        return Uni.createFrom().voidItem();
                    }
                    return work.get().flatMap(w -> perCustomer(tx, jobId, w.hours(), tally)
                            .flatMap(ignored -> days(tx, jobId, w.dayHours(), tally)));
                });
    }

    private Uni<Void> retryListed(SqlConnection tx, UUID jobId, Tally tally) {
        return failedBuckets.all(tx).flatMap(listed -> {
            List<Hour> recoveredHours = new ArrayList<>();
            return each(listed, bucket -> Transactions.attempt(tx, () -> failedBuckets
                    .remove(tx, bucket.customerId(), bucket.period(), bucket.periodStart())
                    .flatMap(ignored -> recompute(tx, bucket)))
                    .flatMap(attempt -> {
                        if (attempt.succeeded()) {
                            tally.written = tally.written.plus(attempt.value());
                            tally.recovered++;
                            if (bucket.period().equals("HOURLY")) {
                                recoveredHours.add(new Hour(bucket.customerId(), bucket.periodStart()));
                            }
                            return Uni.createFrom().voidItem();
                        }
                        return failed(tx, jobId, bucket.customerId(), bucket.period(), bucket.periodStart(),
                                attempt.error(), tally);
                    }))
                    .flatMap(ignored -> days(tx, jobId, recoveredHours, tally));
        });
    }

    private Uni<Written> recompute(SqlConnection tx, FailedBucket bucket) {
        List<Hour> one = List.of(new Hour(bucket.customerId(), bucket.periodStart()));
        return bucket.period().equals("HOURLY") ? rollups.recomputeHours(tx, one) : rollups.recomputeDays(tx, one);
    }

    /** Each customer in its own savepoint; a customer that fails goes bucket by bucket. */
    private Uni<Void> perCustomer(SqlConnection tx, UUID jobId, List<Hour> hours, Tally tally) {
        Map<String, List<Hour>> byCustomer = new LinkedHashMap<>();
        hours.forEach(hour -> byCustomer.computeIfAbsent(hour.customerId(), c -> new ArrayList<>()).add(hour));
        return each(List.copyOf(byCustomer.values()), own -> Transactions.attempt(tx, () -> rollups
                .recomputeHours(tx, own).flatMap(written -> rollups.recomputeDays(tx, own).map(written::plus)))
                .flatMap(attempt -> {
                    if (attempt.succeeded()) {
                        tally.written = tally.written.plus(attempt.value());
                        return Uni.createFrom().voidItem();
                    }
                    return perBucket(tx, jobId, own, tally);
                }));
    }

    private Uni<Void> perBucket(SqlConnection tx, UUID jobId, List<Hour> hours, Tally tally) {
        return each(hours, hour -> Transactions.attempt(tx, () -> rollups.recomputeHours(tx, List.of(hour)))
                .flatMap(attempt -> attempt.succeeded() ? add(tally, attempt)
                        : failed(tx, jobId, hour.customerId(), "HOURLY", hour.hour(), attempt.error(), tally)))
                .flatMap(ignored -> days(tx, jobId, hours, tally));
    }

    /** Rebuilds the local days the hours overlap (two for an hour across a :30 midnight), each in its own savepoint. */
    private Uni<Void> days(SqlConnection tx, UUID jobId, List<Hour> hours, Tally tally) {
        if (hours.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return rollups.daysOf(tx, hours).flatMap(days -> each(days, day -> Transactions
                .attempt(tx, () -> rollups.recomputeDays(tx, List.of(day)))
                .flatMap(attempt -> attempt.succeeded() ? add(tally, attempt)
                        : failed(tx, jobId, day.customerId(), "DAILY", day.hour(), attempt.error(), tally))));
    }

    private static Uni<Void> add(Tally tally, Attempt<Written> attempt) {
        tally.written = tally.written.plus(attempt.value());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> failed(SqlConnection tx, UUID jobId, String customerId, String period, OffsetDateTime start,
            PgException error, Tally tally) {
        return failedBuckets.failed(tx, jobId, customerId, period, start, error.getSqlState(), error.getErrorMessage())
                .invoke(attempts -> tally.failures.add(new Failure(customerId, period, start, error.getSqlState(),
                        error.getErrorMessage(), attempts)))
                .replaceWithVoid();
    }

    /** Runs {@code step} for each item, one after another. */
    private static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> step) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(item -> step.apply(item))
                .collect().last().replaceWithVoid();
    }
}
