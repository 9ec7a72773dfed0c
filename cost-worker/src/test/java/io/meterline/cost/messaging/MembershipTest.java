package io.meterline.cost.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MembershipTest {

    private static final Map<String, Object> CONSUMER = Map.of("client.id", "kafka-consumer-usage-events-in$2",
            "group.id", "cost-worker", "session.timeout.ms", "45000");

    @Test
    void staticClassicMembershipNamesEachConsumerAfterItsInstanceAndClientId() {
        Map<String, Object> applied = new Membership(Optional.of("host-a-8081"), "classic", Duration.ofSeconds(10),
                Duration.ofSeconds(2)).apply(CONSUMER);
        assertEquals("host-a-8081-kafka-consumer-usage-events-in-2", applied.get("group.instance.id"));
        assertEquals("classic", applied.get("group.protocol"));
        assertEquals("10000", applied.get("session.timeout.ms"));
        assertEquals("2000", applied.get("heartbeat.interval.ms"));
        assertEquals("cost-worker", applied.get("group.id"));
    }

    @Test
    void noneOrBlankMeansDynamicMembership() {
        for (String off : new String[] {"none", "NONE", " ", ""}) {
            Map<String, Object> applied = new Membership(Optional.of(off), "classic", Duration.ofSeconds(10),
                    Duration.ofSeconds(2)).apply(CONSUMER);
            assertFalse(applied.containsKey("group.instance.id"), off);
        }
    }

    @Test
    void consumerProtocolLeavesTimeoutsToTheBroker() {
        Map<String, Object> applied = new Membership(Optional.of("w1"), "consumer", Duration.ofSeconds(10),
                Duration.ofSeconds(2)).apply(CONSUMER);
        assertEquals("consumer", applied.get("group.protocol"));
        assertFalse(applied.containsKey("session.timeout.ms"));
        assertFalse(applied.containsKey("heartbeat.interval.ms"));
        assertEquals("w1-kafka-consumer-usage-events-in-2", applied.get("group.instance.id"));
    }

    @Test
    void badSettingsFailAtStart() {
        assertThrows(IllegalArgumentException.class, () -> new Membership(Optional.empty(), "eager",
                Duration.ofSeconds(10), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> new Membership(Optional.empty(), "classic",
                Duration.ofSeconds(6), Duration.ofSeconds(3)));
    }

    @Test
    void staticMembershipWithoutClientIdIsRefused() {
        Membership membership = new Membership(Optional.of("w1"), "classic", Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        assertThrows(IllegalStateException.class, () -> membership.apply(Map.of("group.id", "g")));
    }
}
