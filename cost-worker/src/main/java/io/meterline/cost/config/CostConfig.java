package io.meterline.cost.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the cost worker; each key can also come from the environment
 * ({@code meterline.cost.default-provider} <- {@code METERLINE_COST_DEFAULT_PROVIDER}, and so on).
 */
@ConfigMapping(prefix = "meterline.cost")
public interface CostConfig {

    /** Provider assumed for events that carry none; their model defaults to the event's feature_id. */
    @WithDefault("custom")
    String defaultProvider();

    /** Kafka consumer group of the usage-events consumer (used by application.properties). */
    @WithDefault("cost-worker")
    String consumerGroup();

    /** Retry of a batch while Postgres or Kafka is unavailable (forever, nothing is acknowledged meanwhile). */
    Retry retry();

    /** The in-memory rate catalogue. */
    Rates rates();

    /** Automatic re-pricing of UNPRICED events once a covering rate exists. */
    Reprice reprice();

    interface Retry {
        /** First pause after a failed attempt; doubles each time. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest pause between two attempts. */
        @WithDefault("10s")
        Duration maxBackoff();
    }

    interface Rates {
        /** Fallback reload of provider_rates in case a NOTIFY was missed (Quarkus duration or "off"). */
        @WithDefault("60s")
        String refreshEvery();

        /** Pause before the LISTEN connection is re-opened after it dropped. */
        @WithDefault("2s")
        Duration listenReconnectDelay();
    }

    interface Reprice {
        /** Fallback schedule of the re-pricing pass (it also runs after every catalogue change). */
        @WithDefault("5m")
        String every();

        /** UNPRICED rows locked, priced and burned per transaction. */
        @WithDefault("1000")
        int batchSize();

        /**
         * How old an outbox entry (a re-priced row whose usage-priced record was not acknowledged) must be before a
         * pass publishes it again; longer than a page takes from commit to acknowledgement.
         */
        @WithDefault("2m")
        Duration outboxGrace();
    }
}
