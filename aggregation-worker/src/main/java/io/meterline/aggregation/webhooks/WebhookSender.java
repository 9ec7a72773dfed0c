package io.meterline.aggregation.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.meterline.common.webhook.WebhookSignature;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends due webhook deliveries, on a schedule, on every instance. Delivery order:
 * <ol>
 * <li>Claim a batch (one statement: the attempt is counted and the row leased, see {@link DeliveryRepository}).</li>
 * <li>Sign with the endpoint's secret(s) at the attempt's own timestamp, resolve and check the address, post.</li>
 * <li>Record the attempt and the delivery's next state (DELIVERED, PENDING again after a backoff, FAILED after the
 * last attempt or a 410) in one statement.</li>
 * </ol>
 * If the process dies after 1 the lease expires and the delivery is due again; after 2 the receiver may get the
 * same webhook-id twice (at least once, as Standard Webhooks receivers expect: they de-duplicate on webhook-id).
 * The webhook-id and the body are the same on every attempt; order between deliveries is not kept.
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final DeliveryRepository deliveries;
    private final WebhookPoster poster;
    private final WebhooksConfig config;
    private final Backoff backoff;
    private final long leaseMillis;
    private final WebhookMetrics metrics;

    public WebhookSender(DeliveryRepository deliveries, WebhookPoster poster, WebhooksConfig config,
            WebhookMetrics metrics) {
        this.deliveries = deliveries;
        this.poster = poster;
        this.config = config;
        this.metrics = metrics;
        this.backoff = Backoff.of(config);
        // longer than any attempt can take, so a lease runs out only when its sender is gone
        this.leaseMillis = config.connectTimeout().toMillis() + config.readTimeout().toMillis() + 60_000;
    }

    @Scheduled(identity = "webhooks", every = "{meterline.webhooks.every}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return pass().onFailure().invoke(failure -> LOG.warnf("webhook pass failed (%s); the schedule will try again",
                failure.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends batches until nothing is due; answers how many attempts were made. */
    public Uni<Integer> pass() {
        return round().flatMap(made -> made < config.batchSize() ? Uni.createFrom().item(made)
                : pass().map(more -> made + more));
    }

    private Uni<Integer> round() {
        return deliveries.claim(config.batchSize(), leaseMillis).flatMap(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(claimed).onItem().transformToUniAndMerge(this::attempt)
                        .collect().asList().replaceWith(claimed.size()));
    }

    private Uni<Void> attempt(Claimed delivery) {
        long timestamp = Instant.now().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", delivery.messageId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature",
                WebhookSignature.header(delivery.secrets(), delivery.messageId(), timestamp, delivery.body()));
        headers.put("user-agent", "Meterline-Webhooks/1");
        return poster.post(delivery.url(), headers, delivery.body())
                .invoke(metrics::attempt)
                .flatMap(answer -> {
                    String status = next(answer, delivery.round());
                    long pause = "PENDING".equals(status)
                            ? backoff.millis(delivery.round(), answer.retryAfterMillis(), ThreadLocalRandom.current()::nextDouble)
                            : 0;
                    if (answer.outcome() == Answer.Outcome.GONE) {
                        LOG.warnf("webhook endpoint %s answered 410 Gone: disabled", delivery.endpointId());
                    }
                    return deliveries.record(delivery.id(), delivery.attempt(), answer, status, config.failingAfter(),
                            pause);
                })
                .onFailure().invoke(failure -> LOG.warnf("webhook delivery %s, attempt %d: could not record (%s); "
                        + "it is due again when its lease ends", delivery.id(), delivery.attempt(), failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** The delivery's status after this attempt. */
    private String next(Answer answer, int round) {
        return switch (answer.outcome()) {
            case DELIVERED -> "DELIVERED";
            case DRY_RUN -> "DRY_RUN";
            case GONE -> "FAILED";
            case FAILED, REFUSED -> round >= config.maxAttempts() ? "FAILED" : "PENDING";
        };
    }
}
