package io.meterline.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ProducerBuilder;

/**
 * KafkaCompanion built from the configured bootstrap servers. {@code KafkaCompanionResource} is not used
 * on purpose: it ignores {@code kafka.bootstrap.servers} and tries to start a container.
 *
 * <p>For a whole test class, register it as an extension instead of writing the companion's
 * {@code @BeforeAll}/{@code @AfterAll} again:
 * {@code @RegisterExtension static final Kafka kafka = Kafka.perClass("usage-priced");}. It must be a field,
 * not a class-level {@code @ExtendWith}: field extensions run after {@code @QuarkusTest}'s, so
 * {@link MeterlineServices} has created the topics (and their names) by the time the consumers start. The
 * consumers read their topics from before the class's first test until after its last one.
 */
public final class Kafka implements BeforeAllCallback, AfterAllCallback {

    private final List<String> consumed;
    private final Map<String, ConsumerTask<String, String>> consumers = new LinkedHashMap<>();
    private KafkaCompanion companion;

    private Kafka(List<String> consumed) {
        this.consumed = consumed;
    }

    /** A new companion; close it after the test (try-with-resources). */
    public static KafkaCompanion companion() {
        return new KafkaCompanion(TestEndpoints.get().kafkaBootstrap());
    }

    /** One companion for a test class, consuming the given topics (config keys such as {@code "usage-priced"}). */
    public static Kafka perClass(String... consumedTopicKeys) {
        return new Kafka(List.of(consumedTopicKeys));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        companion = companion();
        consumed.forEach(key -> consumers.put(key,
                companion.consumeStrings().fromTopics(MeterlineServices.topic(key))));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        consumers.values().forEach(ConsumerTask::close);
        consumers.clear();
        if (companion != null) {
            companion.close();
            companion = null;
        }
    }

    /** The class's producer of string records. */
    public ProducerBuilder<String, String> produceStrings() {
        return started().produceStrings();
    }

    /** What the class has consumed so far from a topic named in {@link #perClass(String...)}. */
    public ConsumerTask<String, String> consumer(String topicKey) {
        ConsumerTask<String, String> task = consumers.get(topicKey);
        if (task == null) {
            throw new IllegalStateException("not consumed by this class: " + topicKey);
        }
        return task;
    }

    private KafkaCompanion started() {
        if (companion == null) {
            throw new IllegalStateException("Kafka.perClass is used outside its test class; is it a static field?");
        }
        return companion;
    }
}
