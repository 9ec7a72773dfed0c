package io.meterline.ingest.charges;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.Json;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Shared steps of the charges and refunds tests: a customer with a key, counts in the database, the topic. */
final class Charges {

    /** A customer created through the admin API (so it has a wallet), with an API key. */
    record Customer(String id, String key) {
        RequestSpecification api() {
            return given().header("X-Api-Key", key).contentType(ContentType.JSON);
        }
    }

    private Charges() {
    }

    static Customer customer(String prefix) {
        String id = AdminApi.createCustomer(prefix);
        return new Customer(id, AdminApi.issueKey(id));
    }

    /** A number from one query with one customer-id parameter (every ? is that id). */
    static long count(String sql, String customerId) {
        try (Connection db = AdminApi.db(); PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 1; i <= q.getParameterMetaData().getParameterCount(); i++) {
                q.setString(i, customerId);
            }
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long ledgerRows(String customerId) {
        return count("SELECT count(*) FROM wallet_transactions WHERE customer_id = ?", customerId);
    }

    /** Runs the calls at once and answers their HTTP statuses. */
    static List<Integer> concurrently(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The wallet-movements records keyed by this customer, once there are {@code count}, as JSON. */
    static List<JsonNode> movements(String customerId, int count) {
        try (KafkaCompanion kafka = Kafka.companion();
                ConsumerTask<String, String> task = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                        .fromTopics(MeterlineServices.topic("wallet-movements"))) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> task.stream().filter(r -> customerId.equals(r.key())).count() >= count);
            return task.stream().filter(r -> customerId.equals(r.key())).map(ConsumerRecord::value).map(Json::read)
                    .toList();
        }
    }
}
