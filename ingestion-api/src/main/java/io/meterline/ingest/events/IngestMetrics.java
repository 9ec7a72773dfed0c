package io.meterline.ingest.events;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ingest counters and the latency histogram (Prometheus names: {@code meterline_ingest_events_accepted_total},
 * {@code ..._duplicates_total}, {@code ..._rejected_total{code}}, {@code meterline_ingest_batches_total{outcome}},
 * {@code meterline_ingest_dedup_unavailable_total}, {@code meterline_ingest_latency_seconds_bucket}).
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter dedupUnavailable;
    private final Map<RejectCode, Counter> rejected = new EnumMap<>(RejectCode.class);
    private final Timer latency;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = registry.counter("meterline.ingest.events.accepted");
        this.duplicates = registry.counter("meterline.ingest.events.duplicates");
        this.dedupUnavailable = registry.counter("meterline.ingest.dedup.unavailable");
        for (RejectCode code : RejectCode.values()) {
            rejected.put(code, registry.counter("meterline.ingest.events.rejected", "code", code.name()));
        }
        this.latency = Timer.builder("meterline.ingest.latency")
                .description("Time from request to answer of POST /v1/events/ingest")
                .publishPercentileHistogram().register(registry);
    }

    public void outcome(IngestOutcome outcome) {
        accepted.increment(outcome.accepted());
        duplicates.increment(outcome.duplicates());
        rejected(outcome.errors());
    }

    public void rejected(List<IngestError> errors) {
        for (IngestError error : errors) {
            rejected.get(error.code()).increment();
        }
    }

    /** One batch answered; outcome is the response status word or error code (accepted, partial, RATE_LIMITED...). */
    public void batch(String outcome, long startNanos) {
        registry.counter("meterline.ingest.batches", "outcome", outcome).increment();
        latency.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void dedupUnavailable() {
        dedupUnavailable.increment();
    }
}
