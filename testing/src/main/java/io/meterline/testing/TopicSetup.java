package io.meterline.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates (and removes) the Meterline topics, optionally with a suffix that isolates one test run. */
public final class TopicSetup {

    /** Config key (under meterline.topics.) to partition count; the same layout scripts/services.sh creates. */
    static final Map<String, Integer> TOPICS = new LinkedHashMap<>();

    static {
        TOPICS.put("usage-events", 6);
        TOPICS.put("usage-events-dlq", 1);
        TOPICS.put("usage-priced", 6);
        TOPICS.put("wallet-alerts", 3);
        TOPICS.put("wallet-movements", 3);
    }

    private TopicSetup() {
    }

    /** Creates every topic as {@code name + suffix}; returns config key -> actual topic name. */
    static Map<String, String> create(String bootstrap, String suffix) {
        Map<String, String> names = new LinkedHashMap<>();
        TOPICS.keySet().forEach(key -> names.put(key, key + suffix));
        try (AdminClient admin = admin(bootstrap)) {
            admin.createTopics(TOPICS.entrySet().stream()
                    .map(t -> new NewTopic(t.getKey() + suffix, t.getValue(), (short) 1)).toList()).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create test topics", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return names;
    }

    static void delete(String bootstrap, List<String> topics) {
        try (AdminClient admin = admin(bootstrap)) {
            admin.deleteTopics(topics).all().get();
        } catch (ExecutionException e) {
            // best effort: a leftover test topic is harmless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AdminClient admin(String bootstrap) {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
