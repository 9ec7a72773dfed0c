package io.meterline.aggregation.webhooks;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The sender's metrics (Prometheus names): {@code meterline_webhook_attempts_total{outcome}} counts every attempt
 * by how it ended (DELIVERED, FAILED, GONE, REFUSED, DRY_RUN: sent is DELIVERED, failed the rest but DRY_RUN), and
 * {@code meterline_webhook_attempt_seconds{outcome}} times each from the post to the answer (connect included;
 * 0 for an attempt that sent nothing), with p50/p95/p99. Alert on the FAILED rate, not on one failure: a receiver
 * that is down is retried for about a day.
 */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Answer.Outcome outcome : Answer.Outcome.values()) {
            registry.counter("meterline.webhook.attempts", "outcome", outcome.name());
        }
    }

    /** One attempt, as it ended. */
    public void attempt(Answer answer) {
        String outcome = answer.outcome().name();
        registry.counter("meterline.webhook.attempts", "outcome", outcome).increment();
        Timer.builder("meterline.webhook.attempt").tag("outcome", outcome).publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(Duration.ofMillis(answer.latencyMillis()));
    }
}
