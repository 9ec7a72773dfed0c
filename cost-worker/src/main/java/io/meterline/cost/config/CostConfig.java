package io.meterline.cost.config;

import java.time.Duration;
import java.util.Optional;

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

    /**
     * Prefix of the usage-events consumers' {@code group.instance.id} (static membership: a restarted instance takes
     * its partitions back at once, without waiting for a rebalance); each consumer appends its client id. Unset: host
     * name and HTTP port, unique per host. {@code none}: dynamic membership. Two live instances must never share it
     * (the broker fences the older one).
     */
    Optional<String> instanceId();

    /** Group protocol of the usage-events consumers: {@code classic} or {@code consumer} (KIP-848). */
    @WithDefault("classic")
    String groupProtocol();

    /**
     * Classic protocol only: how long the broker keeps a silent member's partitions before it hands them to the
     * others (an instance killed and not restarted); a static member restarted within it rejoins without rebalance.
     */
    @WithDefault("10s")
    Duration sessionTimeout();

    /** Classic protocol only: heartbeat period, well under a third of the session timeout. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /** Retry of a batch while Postgres or Kafka is unavailable (forever, nothing is acknowledged meanwhile). */
    Retry retry();

    /** The in-memory rate catalogue. */
    Rates rates();

    /** Automatic re-pricing of UNPRICED events once a covering rate exists. */
    Reprice reprice();

    /** Re-rating jobs (a rate corrected for a past window with "rerate": true). */
    Rerate rerate();

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

    interface Rerate {
        /** When the runner looks for re-rating jobs (Quartz cron, seconds first; "off" disables it). */
        @WithDefault("*/10 * * * * ?")
        String cron();

        /** PRICED usage rows locked and priced again per transaction. */
        @WithDefault("500")
        int chunkSize();

        /** Wallets settled (one RERATE row each) per transaction at the end of a job. */
        @WithDefault("500")
        int settleBatch();

        /**
         * How old a job must be before it runs: longer than rates.refresh-every, so that every cost worker has
         * loaded the corrected rates and no event of the window can still be priced with the old ones afterwards.
         */
        @WithDefault("2m")
        Duration startDelay();
    }
}
