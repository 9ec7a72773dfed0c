package io.meterline.cost.messaging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.meterline.cost.config.CostConfig;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Applies {@link Membership} to each consumer of the usage-events channel as the connector creates it (one per
 * unit of the channel's concurrency, each named {@code usage-events-in$N}); producers and other channels are
 * left as configured.
 */
@ApplicationScoped
public class GroupMembership implements ClientCustomizer<Map<String, Object>> {

    static final String CHANNEL = "usage-events-in";
    private static final Logger LOG = Logger.getLogger(GroupMembership.class);

    private final Membership membership;

    public GroupMembership(CostConfig config, @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        Optional<String> instanceId = Optional.of(config.instanceId().orElseGet(() -> hostName() + "-" + httpPort));
        this.membership = new Membership(instanceId, config.groupProtocol(), config.sessionTimeout(),
                config.heartbeatInterval());
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        if (!channel.equals(CHANNEL) && !channel.startsWith(CHANNEL + "$")) {
            return config;
        }
        Map<String, Object> applied = membership.apply(config);
        LOG.infof("consumer %s: group protocol %s, %s", applied.get("client.id"), membership.protocol(),
                membership.instanceId().isPresent() ? "group.instance.id " + applied.get("group.instance.id")
                        : "dynamic membership");
        return applied;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
