package io.meterline.aggregation.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meterline.aggregation.config.AggregationConfig;
import io.meterline.aggregation.repository.JobRepository;
import io.meterline.aggregation.repository.JobRepository.JobRow;
import io.meterline.aggregation.repository.RollupRepository;
import io.meterline.aggregation.repository.RollupRepository.Written;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs roll-up jobs. An incremental run recomputes every hour that holds a usage row changed since the previous
 * successful incremental run (minus {@link AggregationConfig#overlap()}), which picks up late events and
 * re-priced events alike; a backfill recomputes every hour of an event-time range.
 *
 * <p>Safe to run twice or on two instances at once: runs take a Postgres advisory lock for their transaction,
 * and each run rebuilds whole periods from usage_events, so a repeated run writes the same rows. The watermark
 * moves only when a run commits, so a crash repeats the window instead of skipping it.
 */
@ApplicationScoped
public class AggregationService {

    private static final Logger LOG = Logger.getLogger(AggregationService.class);
    private static final OffsetDateTime BEGINNING = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final Pool pool;
    private final JobRepository jobs;
    private final RollupRepository rollups;
    private final AggregationConfig config;

    public AggregationService(Pool pool, JobRepository jobs, RollupRepository rollups, AggregationConfig config) {
        this.pool = pool;
        this.jobs = jobs;
        this.rollups = rollups;
        this.config = config;
    }

    /** Records a job and returns it at once; the run itself continues in the background. */
    public Uni<JobRow> submit(String trigger, OffsetDateTime from, OffsetDateTime to) {
        return jobs.create(UUID.randomUUID(), trigger, from, to).invoke(job -> run(job).subscribe().with(
                done -> { }, failure -> LOG.errorf(failure, "aggregation job %s failed", job.id())));
    }

    public Uni<JobRow> find(UUID id) {
        return jobs.find(id);
    }

    /** Records an incremental job and runs it to its end. */
    public Uni<JobRow> submitAndRun(String trigger) {
        return jobs.create(UUID.randomUUID(), trigger, null, null).flatMap(this::run);
    }

    /** Runs a recorded job to its end (SUCCEEDED or FAILED) and returns its final state. */
    public Uni<JobRow> run(JobRow job) {
        boolean backfill = job.from() != null;
        return pool.withTransaction(tx -> jobs.lock(tx)
                .flatMap(locked -> backfill
                        ? Uni.createFrom().item(new OffsetDateTime[] { job.from(), job.to() })
                        : jobs.watermark(tx).flatMap(mark -> jobs.now(tx).map(now -> new OffsetDateTime[] {
                                mark == null ? BEGINNING : mark.minus(config.overlap()), now })))
                .flatMap(window -> jobs.started(tx, job.id(), window[0], window[1])
                        .flatMap(ignored -> backfill
                                ? rollups.recomputeRange(tx, window[0], window[1])
                                : rollups.recomputeChanged(tx, window[0], window[1])))
                .flatMap(written -> jobs.succeeded(tx, job.id(), written.total()).replaceWith(written)))
                .invoke(written -> log(job, written))
                .onFailure().call(failure -> jobs.failed(job.id(), String.valueOf(failure.getMessage())))
                .flatMap(ignored -> jobs.find(job.id()));
    }

    private static void log(JobRow job, Written written) {
        LOG.infof("aggregation %s (%s): %d hours recomputed, %d hourly and %d daily rows written",
                job.id(), job.trigger(), written.hours(), written.hourlyRows(), written.dailyRows());
    }
}
