package io.meterline.ingest.events;

import static io.meterline.ingest.events.IngestResourceTest.post;
import static io.meterline.ingest.support.Batches.tokenBatch;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.Batches;
import io.meterline.ingest.support.ConstrainedProfile;
import io.meterline.ingest.support.Json;
import io.meterline.ingest.support.KafkaBroker;
import io.meterline.ingest.support.RedisDedupState;
import io.meterline.ingest.support.RedisProxyResource;
import io.meterline.ingest.support.TestCustomers;
import io.meterline.ingest.support.TestCustomers.Customer;
import io.meterline.testing.MeterlineServices;
import io.meterline.testing.TcpProxy;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/** Limits (413, 429) with tiny settings, and outages of Redis (through a proxy) and Kafka (paused broker). */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
@WithTestResource(MeterlineServices.class)
@WithTestResource(RedisProxyResource.class)
class IngestLimitsAndOutagesTest {

    @Inject
    RedisDedupState dedupState;

    @Test
    void bodiesOverTheLimitAre413InTheApiShapeWhetherDeclaredOrChunked() {
        Customer customer = TestCustomers.create();
        byte[] over = ("{\"events\": [\"" + "x".repeat(ConstrainedProfile.MAX_BODY) + "\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] overHttp = ("{\"events\": [\"" + "x".repeat(3 * ConstrainedProfile.HTTP_MAX_BODY) + "\"]}").getBytes(StandardCharsets.UTF_8);

        post(customer, new String(over, StandardCharsets.UTF_8)).statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
        post(customer, new String(overHttp, StandardCharsets.UTF_8)).statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
        chunked(customer, over).then().statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"), "message", notNullValue());
        // a chunked body is read by the router (EdgeGuard) up to the ingest limit, so past the server's cap as well
        chunked(customer, overHttp).then().statusCode(413).header("Connection", "close")
                .body("error", equalTo("PAYLOAD_TOO_LARGE"), "message", notNullValue());
        byte[] batch = Json.write(tokenBatch(customer.id(), 2)).getBytes(StandardCharsets.UTF_8);
        chunked(customer, batch).then().statusCode(202).body("accepted", equalTo(2));
    }

    private static Response chunked(Customer customer, byte[] body) {
        return given().header("X-Api-Key", customer.apiKey()).contentType("application/json")
                .body(new ByteArrayInputStream(body)).when().post("/v1/events/ingest");
    }

    @Test
    void gzipBodiesAreInflatedAndBombsAre413() {
        Customer customer = TestCustomers.create();
        byte[] batch = Json.gzip(Json.write(tokenBatch(customer.id(), 2)).getBytes(StandardCharsets.UTF_8));
        byte[] bomb = Json.gzip(("{\"events\": [\"" + " ".repeat(1_000_000) + "\"]}").getBytes(StandardCharsets.UTF_8));
        assertTrue(bomb.length < ConstrainedProfile.MAX_BODY, "the bomb itself is small");

        gzipped(customer, batch).statusCode(202).body("accepted", equalTo(2));
        gzipped(customer, bomb).statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
    }

    private static io.restassured.response.ValidatableResponse gzipped(Customer customer, byte[] body) {
        return given().header("X-Api-Key", customer.apiKey()).header("Content-Encoding", "gzip")
                .contentType("application/json").body(body).when().post("/v1/events/ingest").then();
    }

    @Test
    void keyOverItsRateLimitGets429WithRetryAfterAndNothingMarked() {
        Customer customer = TestCustomers.create();
        IngestRequest refused = null;
        Response answer = null;
        // 2 x limit + 1 requests meet the limit even if a clock minute ends in between
        for (int i = 0; i < 2 * ConstrainedProfile.RATE_LIMIT + 1 && refused == null; i++) {
            IngestRequest batch = tokenBatch(customer.id(), 1);
            answer = given().header("X-Api-Key", customer.apiKey()).contentType("application/json")
                    .body(Json.write(batch)).when().post("/v1/events/ingest");
            if (answer.statusCode() == 429) {
                refused = batch;
            } else {
                assertEquals(202, answer.statusCode());
            }
        }

        assertTrue(refused != null, "the limit was reached");
        answer.then().body("error", equalTo("RATE_LIMITED")).header("Retry-After", notNullValue());
        int retryAfter = Integer.parseInt(answer.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60);
        assertFalse(dedupState.holder(customer.id(), refused.events().get(0)).isPresent(),
                "a refused request marks nothing");
    }

    @Test
    void redisDownStillAccepts202AndReadinessSaysSo() {
        Customer customer = TestCustomers.create();
        IngestRequest batch = tokenBatch(customer.id(), 2);
        TcpProxy proxy = RedisProxyResource.proxy();

        proxy.stop();
        try {
            post(customer, batch).statusCode(202).body("accepted", equalTo(2));
            post(customer, batch).statusCode(202).body("accepted", equalTo(2), "duplicates", equalTo(0));
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'Redis connection health check' }.status", equalTo("DOWN"));
        } finally {
            proxy.resume();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        // dedup resumes: the first batch after the outage marks the keys, the next one is a duplicate
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> post(customer, batch).statusCode(200)
                .body("status", equalTo("all_duplicates"), "duplicates", equalTo(2)));
        assertTrue(Batches.published(customer.id(), 6).size() >= 6, "every accepted copy reached the topic");
    }

    @Test
    void kafkaDownIs503AndTheSameBatchIsAcceptedOnceItIsBack() throws IOException {
        String pid = KafkaBroker.pid();
        assumeTrue(pid != null, "no Kafka pid file: set METERLINE_TEST_KAFKA_PID_FILE (e.g. /work/main/.local/kafka/kafka.pid)"
                + " to run the Kafka outage test");
        Customer customer = TestCustomers.create();
        IngestRequest batch = tokenBatch(customer.id(), 3);

        KafkaBroker.pause(pid);
        try {
            post(customer, batch).statusCode(503).header("Retry-After", "1")
                    .body("error", equalTo("PUBLISH_FAILED"), "message", notNullValue());
        } finally {
            KafkaBroker.resume(pid);
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                post(customer, batch).statusCode(202).body("accepted", equalTo(3), "duplicates", equalTo(0)));
        // another key of the same customer, so this check does not count against the first key's tiny rate limit
        post(TestCustomers.anotherKey(customer), batch).statusCode(200).body("status", equalTo("all_duplicates"));
        assertTrue(Batches.published(customer.id(), 3).size() >= 3);
    }
}
