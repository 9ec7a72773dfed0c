package io.meterline.ingest.settings;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** Credits per USD lives in Postgres; the admin API reads and writes it, and refuses values that are not prices. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class BillingSettingsTest {

    private static final String SETTINGS = "/v1/admin/settings/billing";

    @Test
    void readsAndWritesCreditsPerUsd() {
        // the suite shares one database and the cost worker tests price with 1000: write the same value back
        admin().body(Map.of("credits_per_usd", "1000")).put(SETTINGS).then().statusCode(200)
                .body("credits_per_usd", equalTo("1000.000000000000"));
        admin().get(SETTINGS).then().statusCode(200).body("credits_per_usd", equalTo("1000.000000000000"));
    }

    @Test
    void refusesWhatIsNotAPrice() {
        for (Object value : new Object[] {"0", "-1", "1000000001", "0.0000000000000000001"}) {
            admin().body(Map.of("credits_per_usd", value)).put(SETTINGS).then().statusCode(422)
                    .body("details.field", contains("credits_per_usd"));
        }
        admin().body(Map.of()).put(SETTINGS).then().statusCode(422).body("details.field", contains("credits_per_usd"));
        given().get(SETTINGS).then().statusCode(401);
        admin().get(SETTINGS).then().body("credits_per_usd", equalTo("1000.000000000000"));
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer test-admin-token").contentType("application/json");
    }
}
