package io.meterline.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where the test services are, resolved once per JVM.
 *
 * <p>Environment: {@code METERLINE_TEST_PG_HOST/PORT/DB/USER/PASSWORD} (default 127.0.0.1:5432, meterline_test,
 * meterline/meterline), {@code METERLINE_TEST_REDIS_HOST/PORT/DB} (127.0.0.1:6379, db 1),
 * {@code METERLINE_TEST_KAFKA} (127.0.0.1:9092), {@code METERLINE_TEST_CONTAINERS=true} to use Testcontainers.
 */
public record TestEndpoints(
        String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
        String redisHost, int redisPort, int redisDatabase,
        String kafkaBootstrap, boolean fromContainers) {

    private static TestEndpoints instance;

    public static synchronized TestEndpoints get() {
        if (instance == null) {
            instance = Boolean.parseBoolean(env("METERLINE_TEST_CONTAINERS", "false")) ? containers() : local();
        }
        return instance;
    }

    public String pgJdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
    }

    private static TestEndpoints local() {
        return new TestEndpoints(
                env("METERLINE_TEST_PG_HOST", "127.0.0.1"), Integer.parseInt(env("METERLINE_TEST_PG_PORT", "5432")),
                env("METERLINE_TEST_PG_DB", "meterline_test"), env("METERLINE_TEST_PG_USER", "meterline"),
                env("METERLINE_TEST_PG_PASSWORD", "meterline"),
                env("METERLINE_TEST_REDIS_HOST", "127.0.0.1"), Integer.parseInt(env("METERLINE_TEST_REDIS_PORT", "6379")),
                Integer.parseInt(env("METERLINE_TEST_REDIS_DB", "1")),
                env("METERLINE_TEST_KAFKA", "127.0.0.1:9092"), false);
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static TestEndpoints containers() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("METERLINE_TEST_CONTAINERS=true but no Docker engine answers");
        }
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:15-alpine")
                .withDatabaseName("meterline_test").withUsername("meterline").withPassword("meterline");
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
        pg.start();
        redis.start();
        kafka.start();
        TopicSetup.create(kafka.getBootstrapServers(), "");
        return new TestEndpoints(pg.getHost(), pg.getMappedPort(5432), "meterline_test", "meterline", "meterline",
                redis.getHost(), redis.getMappedPort(6379), 1, kafka.getBootstrapServers(), true);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
