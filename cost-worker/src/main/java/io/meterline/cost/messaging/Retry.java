package io.meterline.cost.messaging;

import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.meterline.cost.config.CostConfig;
import io.meterline.cost.service.CostMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Retries a step of batch processing forever, with exponential backoff. Used for outages (Postgres or Kafka
 * down): the batch is neither acknowledged nor nacked meanwhile, so the channel never reaches its failure
 * strategy and consumption resumes by itself when the dependency is back.
 */
@ApplicationScoped
public class Retry {

    private static final Logger LOG = Logger.getLogger(Retry.class);

    private final CostConfig.Retry config;
    private final CostMetrics metrics;

    public Retry(CostConfig config, CostMetrics metrics) {
        this.config = config.retry();
        this.metrics = metrics;
    }

    public <T> Uni<T> forever(String step, Supplier<Uni<? extends T>> attempt) {
        return Uni.createFrom().<T>deferred(attempt)
                .onFailure().invoke(failure -> {
                    metrics.retried();
                    LOG.warnf("%s failed, retrying with backoff (nothing acknowledged): %s", step, failure.toString());
                })
                .onFailure().retry().withBackOff(config.initialBackoff(), config.maxBackoff()).indefinitely();
    }
}
