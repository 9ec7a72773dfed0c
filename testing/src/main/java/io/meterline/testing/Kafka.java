package io.meterline.testing;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * KafkaCompanion built from the configured bootstrap servers. {@code KafkaCompanionResource} is not used
 * on purpose: it ignores {@code kafka.bootstrap.servers} and tries to start a container.
 */
public final class Kafka {

    private Kafka() {
    }

    /** A new companion; close it after the test (try-with-resources or {@code @AfterAll}). */
    public static KafkaCompanion companion() {
        return new KafkaCompanion(TestEndpoints.get().kafkaBootstrap());
    }
}
