package io.meterline.aggregation.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.aggregation.repository.FailedBucketRepository;
import io.meterline.aggregation.repository.FailedBucketRepository.FailedBucket;
import io.meterline.aggregation.repository.JobRepository;
import io.meterline.aggregation.repository.JobRepository.JobRow;
import io.meterline.aggregation.repository.Transactions;
import io.meterline.aggregation.service.RollupRun.Failure;
import io.meterline.aggregation.service.RollupRun.Outcome;
import io.meterline.aggregation.webhooks.ClosedPeriods;
import io.meterline.aggregation.webhooks.UpdatedPeriods;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs roll-up jobs. An incremental run recomputes exactly the (customer, hour) buckets marked dirty since the
 * previous run (rollup_dirty, marked by the writers' statement triggers: usage stored late or on time, re-priced or
 * re-rated, charges, refunds), then the customers' local days holding them; so its cost follows what changed, not
 * the volume of the hour. A backfill recomputes every hour of an event-time range.
 *
 * <p>Safe to run twice or on two instances at once: runs take a Postgres advisory lock for their transaction,
 * and each run rebuilds whole periods from rollup_source (usage, charges, refunds), so a repeated run writes the
 * same rows. The watermark moves only when a run commits, so a crash repeats the window instead of skipping it.
 *
 * <p>One customer's bad data cannot stop the others: a bucket that fails with a data error is rolled back alone
 * ({@link RollupRun}), the run commits every other bucket and ends PARTIAL with the count of failed buckets, logs
 * each new one at WARN naming customer, period and start, and counts it in
 * {@code meterline_aggregation_failed_buckets_total}. Failed buckets are kept in aggregation_failed_buckets and
 * retried by every later run until they succeed. Only an error outside the data (connection, lock) fails a run.
 *
 * <p>An incremental run then announces, in its transaction, the closed periods whose totals it changed
 * ({@link UpdatedPeriods}: aggregation.updated, once per change), then the periods that closed in its window
 * ({@link ClosedPeriods}: aggregation.completed, once per customer and period); a backfill announces nothing.
 * The window [watermark - overlap, now) now only bounds which periods close; the rollup itself follows the marks.
 */
@ApplicationScoped
public class AggregationService {

    private static final Logger LOG = Logger.getLogger(AggregationService.class);
    private static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final Pool pool;
    private final JobRepository jobs;
    private final FailedBucketRepository failedBuckets;
    private final RollupRun rollup;
    private final AggregationMetrics metrics;
    private final AggregationConfig config;
    private final ClosedPeriods closedPeriods;
    private final UpdatedPeriods updatedPeriods;

    public AggregationService(Pool pool, JobRepository jobs, FailedBucketRepository failedBuckets, RollupRun rollup,
            AggregationMetrics metrics, AggregationConfig config, ClosedPeriods closedPeriods,
            UpdatedPeriods updatedPeriods) {
        this.pool = pool;
        this.jobs = jobs;
        this.failedBuckets = failedBuckets;
        this.rollup = rollup;
        this.metrics = metrics;
        this.config = config;
        this.closedPeriods = closedPeriods;
        this.updatedPeriods = updatedPeriods;
    }

    /** Records a job and returns it at once; the run itself continues in the background. */
    public Uni<JobRow> submit(String trigger, OffsetDateTime from, OffsetDateTime to) {
        return jobs.create(UUID.randomUUID(), trigger, from, to).invoke(job -> run(job).subscribe().with(
                done -> { }, failure -> LOG.errorf(failure, "aggregation job %s failed", job.id())));
    }

    public Uni<JobRow> find(UUID id) {
        return jobs.find(id);
    }

    /** For a PARTIAL job, up to {@code limit} of the buckets it was the last to try that still fail; else none. */
    public Uni<List<FailedBucket>> failures(JobRow job, int limit) {
        return "PARTIAL".equals(job.status()) ? failedBuckets.lastTriedBy(pool, job.id(), limit)
                : Uni.createFrom().item(List.of());
    }

    /** Records an incremental job and runs it to its end. */
    public Uni<JobRow> submitAndRun(String trigger) {
        return jobs.create(UUID.randomUUID(), trigger, null, null).flatMap(this::run);
    }

    /** Runs a recorded job to its end (SUCCEEDED, PARTIAL or FAILED) and returns its final state. */
    public Uni<JobRow> run(JobRow job) {
        boolean backfill = job.from() != null;
        return Transactions.inTransaction(pool, tx -> jobs.lock(tx)
                .flatMap(locked -> backfill
                        ? Uni.createFrom().item(new OffsetDateTime[] { job.from(), job.to() })
                        : jobs.watermark(tx).flatMap(mark -> jobs.now(tx).map(now -> new OffsetDateTime[] {
                                mark == null ? BEGINNING : mark.minus(config.overlap()), now })))
                .flatMap(window -> jobs.started(tx, job.id(), window[0], window[1])
                        .flatMap(ignored -> backfill ? rollup.backfill(tx, job.id(), window[0], window[1])
                                : rollup.incremental(tx, job.id()))
                        .flatMap(outcome -> backfill ? Uni.createFrom().item(outcome)
                                : updatedPeriods.announce(tx, outcome.changed())
                                        .flatMap(ignored -> closedPeriods.announce(tx, window[0], window[1]))
                                        .replaceWith(outcome)))
                .flatMap(outcome -> jobs.finished(tx, job.id(), outcome.written().total(), outcome.written().hours(),
                        outcome.failures().size()).replaceWith(outcome)))
                .invoke(outcome -> report(job, outcome))
                .onFailure().call(failure -> jobs.failed(job.id(), String.valueOf(failure.getMessage())))
                .flatMap(ignored -> jobs.find(job.id()));
    }

    /** After commit, so what is logged and counted is what was stored. */
    private void report(JobRow job, Outcome outcome) {
        metrics.run(outcome.failures());
        List<Failure> repeated = new ArrayList<>();
        for (Failure failure : outcome.failures()) {
            if (failure.attempts() == 1) {
                LOG.warnf("aggregation %s: %s bucket %s of customer %s failed (SQLSTATE %s: %s); left as it was and "
                        + "listed for retry, the other buckets are rolled up", job.id(), failure.period(),
                        failure.periodStart(), failure.customerId(), failure.sqlState(), failure.error());
            } else {
                repeated.add(failure);
            }
        }
        if (!repeated.isEmpty()) {
            Failure first = repeated.get(0);
            LOG.warnf("aggregation %s: %d listed buckets still fail, e.g. %s %s of customer %s (%d attempts: %s)",
                    job.id(), repeated.size(), first.period(), first.periodStart(), first.customerId(),
                    first.attempts(), first.error());
        }
        LOG.infof("aggregation %s (%s): %d hours recomputed, %d hourly and %d daily rows written, %d failed buckets "
                + "recovered, %d failing", job.id(), job.trigger(), outcome.written().hours(),
                outcome.written().hourlyRows(), outcome.written().dailyRows(), outcome.recovered(),
                outcome.failures().size());
    }
}
