package io.meterline.testing;

import java.util.List;
import java.util.Map;

/**
 * {@link TopicSetup} as a process, for {@code scripts/chaos.sh --reduced}: one JVM creates (or deletes) the five
 * Meterline topics with a run's suffix on a shared broker, where one {@code kafka-topics} JVM per topic took 5-16 s.
 * <pre>
 * java -cp meterline-testing.jar:KAFKA_LIBS/* io.meterline.testing.TopicsMain BOOTSTRAP create|delete SUFFIX
 * </pre>
 * Needs the Kafka client on the class path (the broker's jars in .local/kafka/libs). A command-line tool: it prints
 * instead of logging.
 */
public final class TopicsMain {

    private TopicsMain() {
    }

    public static void main(String[] args) {
        if (args.length != 3 || !List.of("create", "delete").contains(args[1]) || args[2].isEmpty()) {
            System.err.println("usage: TopicsMain BOOTSTRAP create|delete SUFFIX");
            System.exit(2);
        }
        String bootstrap = args[0];
        String suffix = args[2];
        if (args[1].equals("create")) {
            Map<String, String> names = TopicSetup.create(bootstrap, suffix);
            System.out.println("[topics] created " + String.join(", ", names.values()));
        } else {
            TopicSetup.delete(bootstrap, TopicSetup.TOPICS.keySet().stream().map(key -> key + suffix).toList());
            System.out.println("[topics] deleted the topics ending in " + suffix);
        }
    }
}
