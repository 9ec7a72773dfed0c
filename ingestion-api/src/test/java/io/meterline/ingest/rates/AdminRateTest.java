package io.meterline.ingest.rates;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminRateTest {

    private static Map<String, Object> rate(String provider, String model, String costType, String price, String validFrom) {
        Map<String, Object> rate = new HashMap<>();
        rate.put("provider", provider);
        rate.put("model", model);
        rate.put("cost_type", costType);
        rate.put("price_usd", price);
        rate.put("valid_from", validFrom);
        return rate;
    }

    @Test
    void aNewPriceClosesTheOldVersionAndAtFindsTheRightOne() {
        String provider = AdminApi.uniqueId("prov").toLowerCase();
        String model = "Model-X";
        Map<String, Object> first = rate(provider.toUpperCase(), model, "input_token", "2.50", "2025-01-01T00:00:00Z");
        first.put("aliases", List.of("model-x-2025"));
        first.put("source", "price list");
        int oldId = admin().body(List.of(first)).put("/v1/admin/rates").then().statusCode(200)
                .body("results[0].status", equalTo("CREATED")).body("results[0].rate.provider", equalTo(provider))
                .body("results[0].rate.cost_type", equalTo("INPUT_TOKEN")).body("results[0].rate.unit_size", equalTo(1000000))
                .body("results[0].rate.price_usd", equalTo("2.500000000000"))
                .body("results[0].rate.valid_until", nullValue()).extract().path("results[0].rate.id");

        String next = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String justBefore = Instant.parse(next).minusSeconds(1).toString();
        int newId = admin().body(List.of(rate(provider, "model-x", "INPUT_TOKEN", "2.00", next)))
                .put("/v1/admin/rates").then().statusCode(200)
                .body("results[0].status", equalTo("CREATED")).body("results[0].closed_rate_id", equalTo(oldId))
                .body("results[0].rate.model", equalTo("model-x")).extract().path("results[0].rate.id");

        admin().queryParam("provider", provider).queryParam("model", "MODEL-X").get("/v1/admin/rates")
                .then().statusCode(200).body("data.id", contains(oldId, newId))
                .body("data[0].valid_until", equalTo(next)).body("data[1].valid_until", nullValue());
        admin().queryParam("provider", provider).queryParam("model", model).queryParam("at", justBefore)
                .get("/v1/admin/rates").then().body("data.id", contains(oldId));
        admin().queryParam("provider", provider).queryParam("model", model).queryParam("at", next)
                .get("/v1/admin/rates").then().body("data.id", contains(newId)).body("data[0].price_usd", equalTo("2.000000000000"));
        admin().queryParam("provider", provider).queryParam("at", "2024-12-31T23:59:59Z").get("/v1/admin/rates")
                .then().body("data", hasSize(0));
        admin().queryParam("provider", provider).queryParam("model", "model-x-2025").get("/v1/admin/rates")
                .then().body("data.id", contains(oldId));
    }

    @Test
    void retryingTheSamePutChangesNothingAndHistoryIsNeverRewritten() {
        String provider = AdminApi.uniqueId("idem").toLowerCase();
        List<Map<String, Object>> body = List.of(
                rate(provider, "m", "INPUT_TOKEN", "1", "2025-01-01T00:00:00Z"),
                rate(provider, "m", "OUTPUT_TOKEN", "4", "2025-01-01T00:00:00Z"),
                rate(provider, "m", "INPUT_TOKEN", "0.5", "2025-06-01T00:00:00Z"));
        admin().body(body).put("/v1/admin/rates").then().statusCode(200)
                .body("results.status", contains("CREATED", "CREATED", "CREATED"))
                .body("results.index", contains(0, 1, 2));
        admin().body(body).put("/v1/admin/rates").then().statusCode(200)
                .body("results.status", contains("UNCHANGED", "UNCHANGED", "UNCHANGED"));
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(3));

        admin().body(List.of(rate(provider, "m", "INPUT_TOKEN", "9", "2025-01-01T00:00:00Z"))).put("/v1/admin/rates")
                .then().statusCode(409).body("error", equalTo("RATE_CONFLICT"))
                .body("details[0].field", equalTo("[0].valid_from"));
        admin().body(List.of(rate(provider, "m", "INPUT_TOKEN", "9", "2025-03-01T00:00:00Z"))).put("/v1/admin/rates")
                .then().statusCode(409).body("details[0].field", equalTo("[0].valid_from"));
        // all or nothing: the valid first item is not applied when the second conflicts
        admin().body(List.of(rate(provider, "m", "OUTPUT_TOKEN", "5", "2099-07-01T00:00:00Z"),
                        rate(provider, "m", "INPUT_TOKEN", "9", "2025-02-01T00:00:00Z")))
                .put("/v1/admin/rates").then().statusCode(409).body("details[0].field", equalTo("[1].valid_from"));
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(3))
                .body("data.price_usd", containsInAnyOrder("1.000000000000", "4.000000000000", "0.500000000000"));
    }

    @Test
    void everyBadItemIsNamedByIndexAndField() {
        Map<String, Object> good = rate("p", "m", "INPUT_TOKEN", "1", "2025-01-01T00:00:00Z");
        Map<String, Object> bad = rate(" ", null, "TOKENS", "-1", null);
        bad.put("unit_size", 0);
        admin().body(List.of(good, bad)).put("/v1/admin/rates").then().statusCode(422)
                .body("error", equalTo("VALIDATION_ERROR"))
                .body("details.field", contains("[1].provider", "[1].model", "[1].price_usd", "[1].valid_from",
                        "[1].cost_type", "[1].unit_size"));
        Map<String, Object> badDate = rate("p", "m", "INPUT_TOKEN", "1", "yesterday");
        admin().body(List.of(good, badDate)).put("/v1/admin/rates").then().statusCode(422)
                .body("details[0].field", equalTo("[1].valid_from"));
        admin().body(List.of()).put("/v1/admin/rates").then().statusCode(422);
        admin().body(Map.of("provider", "p")).put("/v1/admin/rates").then().statusCode(400);
        admin().body("[{").put("/v1/admin/rates").then().statusCode(400).body("error", equalTo("MALFORMED_JSON"));
        admin().queryParam("at", "soon").get("/v1/admin/rates").then().statusCode(422).body("details[0].field", equalTo("at"));
        admin().queryParam("cost_type", "TOKENS").get("/v1/admin/rates").then().statusCode(422);
    }

    @Test
    void aNewVersionCannotRepriceThePastButAFirstOneMay() {
        String provider = AdminApi.uniqueId("past").toLowerCase();
        admin().body(List.of(rate(provider, "m", "INPUT_TOKEN", "1", "2025-01-01T00:00:00Z"))).put("/v1/admin/rates")
                .then().statusCode(200).body("results[0].status", equalTo("CREATED"));
        String anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        admin().body(List.of(rate(provider, "m", "OUTPUT_TOKEN", "3", "2099-01-01T00:00:00Z"),
                        rate(provider, "m", "INPUT_TOKEN", "2", anHourAgo)))
                .put("/v1/admin/rates").then().statusCode(422).body("error", equalTo("VALIDATION_ERROR"))
                .body("details[0].field", equalTo("[1].valid_from")).body("details[0].code", equalTo("IN_PAST"));
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(1))
                .body("data[0].valid_until", nullValue()).body("data[0].price_usd", equalTo("1.000000000000"));

        String aMinuteAgo = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        admin().body(List.of(rate(provider, "m", "INPUT_TOKEN", "2", aMinuteAgo))).put("/v1/admin/rates")
                .then().statusCode(200).body("results[0].status", equalTo("CREATED")); // within the 5m skew
    }

    @Test
    void aNameBelongsToOneModelOfAProvider() {
        String provider = AdminApi.uniqueId("alias").toLowerCase();
        Map<String, Object> first = rate(provider, "model-a", "INPUT_TOKEN", "1", "2025-01-01T00:00:00Z");
        first.put("aliases", List.of("shared-name"));
        admin().body(List.of(first)).put("/v1/admin/rates").then().statusCode(200);

        Map<String, Object> sameAlias = rate(provider, "model-b", "INPUT_TOKEN", "1", "2025-01-01T00:00:00Z");
        sameAlias.put("aliases", List.of("other", "SHARED-name"));
        admin().body(List.of(sameAlias)).put("/v1/admin/rates").then().statusCode(409)
                .body("error", equalTo("ALIAS_CONFLICT")).body("details[0].field", equalTo("[0].aliases"));
        Map<String, Object> aliasIsAModel = rate(provider, "model-b", "INPUT_TOKEN", "1", "2025-01-01T00:00:00Z");
        aliasIsAModel.put("aliases", List.of("Model-A"));
        admin().body(List.of(aliasIsAModel)).put("/v1/admin/rates").then().statusCode(409)
                .body("error", equalTo("ALIAS_CONFLICT"));
        admin().body(List.of(rate(provider, "shared-name", "OUTPUT_TOKEN", "1", "2025-01-01T00:00:00Z")))
                .put("/v1/admin/rates").then().statusCode(409).body("details[0].field", equalTo("[0].model"));
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(1));

        Map<String, Object> sameModel = rate(provider, "MODEL-A", "OUTPUT_TOKEN", "4", "2025-01-01T00:00:00Z");
        sameModel.put("aliases", List.of("shared-name"));
        admin().body(List.of(sameModel)).put("/v1/admin/rates").then().statusCode(200); // its own alias again
        sameAlias.put("provider", "other-" + provider);
        admin().body(List.of(sameAlias)).put("/v1/admin/rates").then().statusCode(200); // another provider may
    }
}
