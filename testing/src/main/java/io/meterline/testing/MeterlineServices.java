package io.meterline.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Connects every {@code @QuarkusTest} to real Postgres, Redis and Kafka.
 *
 * <p>By default these are the local services that {@code ./scripts/services.sh up} starts (or finds):
 * Postgres database {@code meterline_test}, Redis database 1, Kafka on 127.0.0.1:9092; each endpoint can be
 * moved with the environment variables listed in {@link TestEndpoints}. With {@code METERLINE_TEST_CONTAINERS=true}
 * on a machine with a Docker engine, it starts them with Testcontainers instead.
 *
 * <p>Tests isolate their data with unique customer ids, so they share these services and can run twice.
 * Each start creates its own topics ({@code usage-events-t<run id>} ...) and sets {@code meterline.topics.*} and
 * {@code meterline.test.run-id}, so a test run never consumes another run's events nor a running pipeline's.
 * {@link #topic(String)} tells a test the actual name.
 */
public class MeterlineServices implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, String> TOPIC_NAMES = new HashMap<>();
    private final List<String> created = new ArrayList<>();

    /** The actual topic name for a config key such as {@code "usage-events"} in the running test. */
    public static synchronized String topic(String key) {
        String name = TOPIC_NAMES.get(key);
        if (name == null) {
            throw new IllegalStateException("no test topic for " + key + "; is the test annotated with MeterlineServices?");
        }
        return name;
    }

    @Override
    public Map<String, String> start() {
        TestEndpoints endpoints = TestEndpoints.get();
        if (!endpoints.fromContainers()) {
            requireReachable("Postgres", endpoints.pgHost(), endpoints.pgPort());
            requireReachable("Redis", endpoints.redisHost(), endpoints.redisPort());
            String[] kafka = endpoints.kafkaBootstrap().split(",")[0].split(":");
            requireReachable("Kafka", kafka[0], Integer.parseInt(kafka[1]));
        }
        Map<String, String> config = new HashMap<>();
        config.put("meterline.db.host", endpoints.pgHost());
        config.put("meterline.db.port", Integer.toString(endpoints.pgPort()));
        config.put("meterline.db.name", endpoints.pgDatabase());
        config.put("meterline.db.user", endpoints.pgUser());
        config.put("meterline.db.password", endpoints.pgPassword());
        config.put("meterline.redis.host", endpoints.redisHost());
        config.put("meterline.redis.port", Integer.toString(endpoints.redisPort()));
        config.put("meterline.redis.database", Integer.toString(endpoints.redisDatabase()));
        config.put("meterline.kafka.bootstrap-servers", endpoints.kafkaBootstrap());

        String runId = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> topics = TopicSetup.create(endpoints.kafkaBootstrap(), "-t" + runId);
        synchronized (MeterlineServices.class) {
            TOPIC_NAMES.putAll(topics);
        }
        created.addAll(topics.values());
        topics.forEach((key, name) -> config.put("meterline.topics." + key, name));
        config.put("meterline.test.run-id", runId);
        return config;
    }

    @Override
    public void stop() {
        // Local services belong to scripts/services.sh; containers are stopped by Testcontainers' reaper.
        TopicSetup.delete(TestEndpoints.get().kafkaBootstrap(), created);
        created.clear();
        TestDb.closeIdle();
    }

    private static void requireReachable(String name, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            throw new IllegalStateException(name + " does not answer on " + host + ":" + port
                    + ". Start the local services with ./scripts/services.sh up (or run ./scripts/test.sh).", e);
        }
    }
}
