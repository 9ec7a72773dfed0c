package io.meterline.aggregation.service;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.meterline.aggregation.service.RollupRun.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Rollup failure metrics (Prometheus names: {@code meterline_aggregation_failed_buckets_total{period}}, one per
 * bucket per run that could not recompute it, and {@code meterline_aggregation_failing_buckets}, the buckets
 * listed for retry after the last run). Alert on the gauge staying above zero.
 */
@ApplicationScoped
public class AggregationMetrics {

    private final MeterRegistry registry;
    private final AtomicLong failing = new AtomicLong();

    public AggregationMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("meterline.aggregation.failing.buckets", failing);
        for (String period : List.of("HOURLY", "DAILY")) {
            registry.counter("meterline.aggregation.failed.buckets", "period", period);
        }
    }

    /** After a committed run: every listed bucket was retried in it, so its failures are the whole list. */
    public void run(List<Failure> failures) {
        failures.forEach(failure -> registry.counter("meterline.aggregation.failed.buckets", "period", failure.period())
                .increment());
        failing.set(failures.size());
    }
}
