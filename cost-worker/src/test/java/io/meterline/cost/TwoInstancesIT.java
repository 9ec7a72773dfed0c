package io.meterline.cost;

import static io.meterline.cost.CostFixtures.balance;
import static io.meterline.cost.CostFixtures.count;
import static io.meterline.cost.CostFixtures.customer;
import static io.meterline.cost.CostFixtures.json;
import static io.meterline.cost.CostFixtures.rate;
import static io.meterline.cost.CostFixtures.tokens;
import static io.meterline.cost.CostFixtures.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.TestEndpoints;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Two real worker processes (the packaged jar) in one consumer group over the same topics and database: every
 * event is priced and burned exactly once, whatever the rebalances. Then both stop, the group's offsets are
 * reset to the beginning (a replay whose offsets were never committed, at scale) and a fresh instance
 * re-reads everything: nothing is burned twice, every usage-priced record is published again.
 */
class TwoInstancesIT {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final int EVENTS = 4000;
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** mp.messaging.incoming.usage-events-in.concurrency in application.properties: 6 partitions, 6 members. */
    private static final int CONSUMERS_PER_INSTANCE = 3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static MeterlineServices services;
    static Map<String, String> config;
    static String group;
    /** One admin client for the whole test: the membership polls would otherwise open one every 100 ms. */
    static AdminClient admin;
    static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void topics() {
        services = new MeterlineServices();
        config = services.start();
        group = "cost-worker-it-" + config.get("meterline.test.run-id");
        admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestEndpoints.get().kafkaBootstrap()));
    }

    @AfterAll
    static void stop() {
        processes.forEach(Process::destroyForcibly);
        admin.close();
        services.stop();
    }

    @Test
    void twoInstancesInOneGroupPriceEveryEventExactlyOnce() throws Exception {
        String model = unique("two");
        rate("openai", model, "INPUT_TOKEN", "2", 1_000_000, JAN, null);
        rate("openai", model, "OUTPUT_TOKEN", "8", 1_000_000, JAN, null);
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            customers.add(customer("two", "1000", "0", "1"));
        }
        int[] ports = startInstances(1, 2);
        int first = ports[0];
        int second = ports[1];
        await().atMost(WAIT).until(() -> assignedMembers() == 2 * CONSUMERS_PER_INSTANCE);

        List<ProducerRecord<String, String>> records = new ArrayList<>(EVENTS);
        Map<String, BigDecimal> expected = new HashMap<>();
        customers.forEach(c -> expected.put(c, new BigDecimal("1000")));
        for (int i = 0; i < EVENTS; i++) {
            String c = customers.get(i % customers.size());
            records.add(new ProducerRecord<>(config.get("meterline.topics.usage-events"), c,
                    json(tokens(c, "openai", model, JAN.plusSeconds(i), 1000 + i, 0, 0, 100))));
            // (in x 2 + 100 x 8) / 1e6 USD x 1000 credits
            expected.merge(c, BigDecimal.valueOf((1000 + i) * 2L + 800).movePointLeft(3).negate(), BigDecimal::add);
        }
        String[] ids = customers.toArray(String[]::new);
        try (KafkaCompanion kafka = Kafka.companion()) {
            ConsumerTask<String, String> priced = kafka.consumeStrings()
                    .fromTopics(config.get("meterline.topics.usage-priced"));
            kafka.produceStrings().fromRecords(records).awaitCompletion(WAIT);

            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM usage_events WHERE customer_id = ANY(?) "
                    + "AND status = 'PRICED'", (Object) ids) == EVENTS);
            double pricedByFirst = metric(first, "meterline_cost_events_priced_total");
            double pricedBySecond = metric(second, "meterline_cost_events_priced_total");
            assertTrue(pricedByFirst > 0 && pricedBySecond > 0, "both instances priced events: "
                    + pricedByFirst + " / " + pricedBySecond);
            assertEquals(EVENTS, pricedByFirst + pricedBySecond, "each event newly priced by exactly one instance");
            assertBalances(customers, expected);
            await().atMost(WAIT).until(() -> distinctPriced(priced, ids) == EVENTS);
            long burns = count("SELECT count(*) FROM wallet_transactions WHERE type = 'BURN' AND customer_id = ANY(?)",
                    (Object) ids);

            // Replay: stop both, rewind the group to the start, let one fresh instance re-read everything.
            processes.forEach(Process::destroy);
            for (Process p : processes) {
                p.waitFor();
            }
            processes.clear();
            removeStaticMembers();
            await().atMost(WAIT).until(() -> assignedMembers() == 0);
            rewindGroup();
            int third = startInstances(3)[0];
            await().atMost(WAIT).until(() -> metric(third, "meterline_cost_events_duplicate_total") >= EVENTS);
            assertEquals(0, metric(third, "meterline_cost_events_priced_total"), "a replay prices nothing anew");
            assertEquals(burns, count("SELECT count(*) FROM wallet_transactions WHERE type = 'BURN' "
                    + "AND customer_id = ANY(?)", (Object) ids));
            assertBalances(customers, expected);
            await().atMost(WAIT).until(() -> pricedRecords(priced, ids) >= 2L * EVENTS);
            priced.close();
        }
    }

    private static void assertBalances(List<String> customers, Map<String, BigDecimal> expected) {
        for (String c : customers) {
            assertEquals(0, expected.get(c).compareTo(balance(c)), "exact balance of " + c);
        }
        CostFixtures.assertLedgerInvariants(customers.toArray(String[]::new));
    }

    private static long pricedRecords(ConsumerTask<String, String> task, String[] ids) {
        Set<String> keys = Set.of(ids);
        return task.getRecords().stream().filter(r -> keys.contains(r.key())).count();
    }

    private static long distinctPriced(ConsumerTask<String, String> task, String[] ids) {
        Set<String> keys = Set.of(ids);
        Set<String> events = new HashSet<>();
        task.getRecords().stream().filter(r -> keys.contains(r.key())).forEach(r -> events.add(r.value()
                .replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1")));
        return events.size();
    }

    /** Launches the instances side by side (their JVM starts overlap), then waits until each one is ready. */
    private static int[] startInstances(int... numbers) throws IOException {
        int[] ports = new int[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            ports[i] = launch(numbers[i]);
        }
        for (int port : ports) {
            await().atMost(WAIT).until(() -> status(port, "/q/health/ready") == 200);
        }
        return ports;
    }

    private static int launch(int n) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dmeterline.cost.consumer-group=" + group);
        command.add("-jar");
        command.add(new File("target/quarkus-app/quarkus-run.jar").getAbsolutePath());
        processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/two-instances-" + n + ".log")).start());
        return port;
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double metric(int port, String name) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int assignedMembers() throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
        return (int) description.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }

    /**
     * The stopped instances' consumers are static members (group.instance.id): they do not leave the group when
     * they close, and the broker would keep them for their session timeout. Their processes have exited, so they
     * are removed at once through the admin API (KIP-345), which is what the timeout would do later.
     */
    private static void removeStaticMembers() throws Exception {
        List<MemberToRemove> stopped = admin.describeConsumerGroups(List.of(group)).all().get().get(group)
                .members().stream().flatMap(m -> m.groupInstanceId().stream()).map(MemberToRemove::new).toList();
        if (!stopped.isEmpty()) {
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(stopped)).all().get();
        }
    }

    private static void rewindGroup() throws Exception {
        String topic = config.get("meterline.topics.usage-events");
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            start.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
        }
        admin.alterConsumerGroupOffsets(group, start).all().get();
    }
}
