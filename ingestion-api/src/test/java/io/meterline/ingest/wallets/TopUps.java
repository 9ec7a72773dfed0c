package io.meterline.ingest.wallets;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.awaitility.Awaitility;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.webhook.WebhookSignature;
import io.meterline.ingest.support.AdminApi;
import io.meterline.ingest.support.Json;
import io.meterline.testing.Kafka;
import io.meterline.testing.MeterlineServices;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** Shared steps of the auto top-up tests: a customer with a key and auto top-up, charges, requests, deliveries. */
final class TopUps {

    /** A customer (with wallet and API key) and a disabled-later webhook endpoint subscribed to top-up requests. */
    record Customer(String id, String key, UUID endpoint) {
        int charge(String requestId, String amount) {
            return given().header("X-Api-Key", key).contentType(ContentType.JSON)
                    .body(Map.of("request_id", requestId, "amount", amount)).post("/v1/charges").then().extract()
                    .statusCode();
        }
    }

    private TopUps() {
    }

    /** A customer topped up with {@code balance}, then given auto top-up (threshold, target). */
    static Customer customer(String prefix, String balance, String threshold, String target) {
        String id = AdminApi.createCustomer(prefix);
        AdminApi.topUp(id, balance, "opening");
        admin().body(Map.of("auto_top_up", Map.of("threshold", threshold, "target", target)))
                .patch("/v1/admin/customers/{id}", id).then().statusCode(200);
        UUID endpoint = UUID.randomUUID();
        sql("INSERT INTO webhook_endpoints (id, customer_id, url, event_types, secret) VALUES (?, ?, ?, ?, ?)",
                endpoint, id, "http://127.0.0.1:9/", new String[] { "wallet.top_up_requested" },
                WebhookSignature.newSecret());
        return new Customer(id, AdminApi.issueKey(id), endpoint);
    }

    /** The customer's requests, oldest first: request_id, amount, balance, held as text. */
    static List<List<String>> requests(String customerId) {
        return rows("""
                SELECT request_id, amount::text, balance::text, held::text FROM top_up_requests
                WHERE customer_id = ? ORDER BY ledger_seq, created_at""", customerId);
    }

    /** The bodies of the endpoint's deliveries, oldest first, as JSON. */
    static List<JsonNode> deliveries(UUID endpoint) {
        return rows("SELECT body FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at, message_id",
                endpoint).stream().map(row -> Json.read(row.get(0))).toList();
    }

    /** The wallet-alerts records keyed by this customer, once there are {@code count}, as JSON. */
    static List<JsonNode> alerts(String customerId, int count) {
        try (KafkaCompanion kafka = Kafka.companion();
                ConsumerTask<String, String> task = kafka.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                        .fromTopics(MeterlineServices.topic("wallet-alerts"))) {
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> task.stream().filter(r -> customerId.equals(r.key())).count() >= count);
            return task.stream().filter(r -> customerId.equals(r.key())).map(ConsumerRecord::value).map(Json::read)
                    .toList();
        }
    }

    static void sql(String statement, Object... params) {
        try (Connection db = AdminApi.db(); PreparedStatement q = db.prepareStatement(statement)) {
            bind(q, params);
            q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<List<String>> rows(String query, Object... params) {
        try (Connection db = AdminApi.db(); PreparedStatement q = db.prepareStatement(query)) {
            bind(q, params);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        row.add(r.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement q, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            q.setObject(i + 1, p instanceof String[] array ? q.getConnection().createArrayOf("text", array) : p);
        }
    }
}
