package io.meterline.cost.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How the usage-events consumers belong to their consumer group, as Kafka consumer settings.
 * <p>
 * Static membership ({@code group.instance.id}): a worker killed with {@code kill -9} and started again rejoins
 * under the same ids, and the broker hands it back its partitions at once. With dynamic membership the restarted
 * consumers are new members: the group waits for the dead members' session timeout before anything is assigned
 * (about 90 s were measured with the defaults, docs/reliability.md). Each consumer of an instance (the channel's
 * {@code concurrency}) has its own client id, appended to the instance's prefix, so no two live consumers share an
 * id; two instances need distinct prefixes (host name and HTTP port by default).
 *
 * @param instanceId        prefix of group.instance.id, empty for dynamic membership
 * @param protocol          {@code classic} or {@code consumer} (KIP-848: the session timeout is the broker's)
 * @param sessionTimeout    classic only: a silent member's partitions go to the others after this
 * @param heartbeatInterval classic only
 */
public record Membership(Optional<String> instanceId, String protocol, Duration sessionTimeout,
        Duration heartbeatInterval) {

    public static final String CLASSIC = "classic";
    public static final String CONSUMER = "consumer";
    /** The instance id that turns static membership off. */
    public static final String NONE = "none";

    public Membership {
        if (!CLASSIC.equals(protocol) && !CONSUMER.equals(protocol)) {
            throw new IllegalArgumentException("meterline.cost.group-protocol must be classic or consumer, not '"
                    + protocol + "'");
        }
        instanceId = instanceId.map(String::strip).filter(id -> !id.isEmpty() && !id.equalsIgnoreCase(NONE));
        if (CLASSIC.equals(protocol) && heartbeatInterval.multipliedBy(3).compareTo(sessionTimeout) > 0) {
            throw new IllegalArgumentException("meterline.cost.heartbeat-interval (" + heartbeatInterval
                    + ") must be at most a third of meterline.cost.session-timeout (" + sessionTimeout + ")");
        }
    }

    /** The consumer configuration {@code config} with this membership applied (a new map). */
    public Map<String, Object> apply(Map<String, Object> config) {
        Map<String, Object> result = new HashMap<>(config);
        result.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if (CLASSIC.equals(protocol)) {
            result.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(sessionTimeout.toMillis()));
            result.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(heartbeatInterval.toMillis()));
        } else {
            // rejected by the consumer under KIP-848: the broker owns these
            result.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            result.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
            result.remove(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        }
        if (instanceId.isPresent()) {
            Object clientId = config.get(ConsumerConfig.CLIENT_ID_CONFIG);
            if (clientId == null) {
                throw new IllegalStateException("static membership needs each consumer's client.id");
            }
            // the broker accepts ASCII letters, digits, '.', '_' and '-' only (client ids end in "$N")
            result.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                    (instanceId.get() + "-" + clientId).replaceAll("[^A-Za-z0-9._-]", "-"));
        } else {
            result.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        }
        return result;
    }
}
