package io.meterline.ingest.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Rollup token sums are NUMERIC: /v1/usage answers them as exact JSON integers, also past the long range. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class UsageTokenSumsTest {

    private static final String MAX_LONG = "9223372036854775807";

    @Test
    void tokenSumsPastTheLongRangeAreExactJsonIntegers() throws Exception {
        String customer = AdminApi.createCustomer("bigtokens");
        String key = AdminApi.issueKey(customer);
        insertRollup(customer, "chat", new BigDecimal(MAX_LONG));
        insertRollup(customer, "search", new BigDecimal(MAX_LONG));

        given().header("X-Api-Key", key).queryParam("period", "daily").queryParam("from", "2025-06-01T00:00:00Z")
                .queryParam("to", "2025-06-02T00:00:00Z").get("/v1/usage").then().statusCode(200)
                .body(containsString("\"input_tokens\":18446744073709551614,"))
                .body(containsString("\"output_tokens\":36893488147419103228,"));
    }

    private static void insertRollup(String customer, String feature, BigDecimal tokens) throws Exception {
        try (Connection db = AdminApi.db(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO usage_rollups (customer_id, period, period_start, event_type, feature_id, provider, model,
                    event_count, input_tokens, output_tokens, cost_usd, credits)
                VALUES (?, 'DAILY', ?, 'LLM_CALL', ?, 'openai', 'gpt-4o', 2, ?, ? * 2, 0, 0)""")) {
            insert.setString(1, customer);
            insert.setTimestamp(2, Timestamp.from(Instant.parse("2025-06-01T00:00:00Z")));
            insert.setString(3, feature);
            insert.setBigDecimal(4, tokens);
            insert.setBigDecimal(5, tokens);
            insert.executeUpdate();
        }
    }
}
