package io.meterline.ingest.events;

import static io.meterline.ingest.events.IngestResourceTest.post;
import static io.meterline.ingest.support.Batches.tokenBatch;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.Batches;
import io.meterline.ingest.support.Json;
import io.meterline.ingest.support.PublishTimeoutProfile;
import io.meterline.ingest.support.RedisDedupState;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.ingest.support.TestCustomers.Customer;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.TestEndpoints;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * A 503 whose outcome is unknown, on the real broker: this run's usage-events topic is deleted (the shared broker
 * does not create topics on demand), so the producer waits for it longer than the API's publish timeout. The same
 * batch, re-sent once the topic is back, must be accepted in full, not answered as duplicates.
 */
@QuarkusTest
@TestProfile(PublishTimeoutProfile.class)
@WithTestResource(MeterlineServices.class)
class PublishOutcomeUnknownTest {

    @Inject
    RedisDedupState dedupState;

    @Test
    void timedOutBatchIs503AndTheSameBatchIsThenAcceptedWithTheSameEventIds() throws Exception {
        Customer customer = TestCustomers.create();
        IngestRequest batch = tokenBatch(customer.id(), 3);
        String topic = MeterlineServices.topic("usage-events");

        try (AdminClient admin = AdminClient.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestEndpoints.get().kafkaBootstrap()))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));

            post(customer, batch).statusCode(503).header("Retry-After", equalTo("1"))
                    .body("error", equalTo("PUBLISH_FAILED"), "message", containsString("outcome is unknown"),
                            "message", containsString("retry the same batch unchanged"));
            String token = dedupState.holder(customer.id(), batch.events().get(0)).orElseThrow();
            assertTrue(dedupState.batchState(token).isEmpty(), "the timed-out batch released its keys");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> create(admin, topic));
        }

        // the producer may still deliver the first attempt's records: the retry is new all the same
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                post(customer, batch).statusCode(202).body("accepted", equalTo(3), "duplicates", equalTo(0)));
        post(customer, batch).statusCode(200).body("status", equalTo("all_duplicates"), "duplicates", equalTo(3));
        Set<String> published = Batches.published(customer.id(), 3).stream()
                .map(r -> Json.read(r.value()).get("event_id").textValue()).collect(Collectors.toSet());
        assertEquals(batch.events().stream().map(IngestEvent::eventId).collect(Collectors.toSet()), published,
                "every event is on the topic under its own id (a second copy is dropped by the cost worker's key)");
        Audit.assertClean(customer.id());
    }

    private static void create(AdminClient admin, String topic) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 1))).all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
