package io.meterline.ingest.rerates;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PUT /v1/admin/rates with "rerate": true stores a correction for a past window (replacing, not rewriting, the
 * versions there) and queues one re-rating job (202); GET /v1/admin/rerate-jobs shows it. The job itself runs in
 * the cost worker (cost-worker RerateTest).
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class RerateJobApiTest {

    private static Map<String, Object> rate(String provider, String price, String from, Boolean rerate, String until) {
        Map<String, Object> rate = new HashMap<>();
        rate.put("provider", provider);
        rate.put("model", "m");
        rate.put("cost_type", "INPUT_TOKEN");
        rate.put("price_usd", price);
        rate.put("valid_from", from);
        if (rerate != null) {
            rate.put("rerate", rerate);
        }
        if (until != null) {
            rate.put("valid_until", until);
        }
        return rate;
    }

    @Test
    void aPastWindowIsCorrectedAndAJobQueued() {
        String provider = AdminApi.uniqueId("rr").toLowerCase();
        int base = admin().body(List.of(rate(provider, "1", "2025-01-01T00:00:00Z", null, null)))
                .put("/v1/admin/rates").then().statusCode(200).body("rerate_job_id", nullValue())
                .extract().path("results[0].rate.id");
        // without rerate, the past stays closed
        admin().body(List.of(rate(provider, "3", "2026-01-01T00:00:00Z", null, null))).put("/v1/admin/rates")
                .then().statusCode(422).body("details[0].code", equalTo("IN_PAST"));

        Map<String, Object> correction = rate(provider, "3", "2026-01-01T00:00:00Z", true, "2026-02-01T00:00:00Z");
        String job = admin().body(List.of(correction)).put("/v1/admin/rates").then().statusCode(202)
                .body("results[0].status", equalTo("CREATED")).body("results[0].superseded_rate_ids", contains(base))
                .body("results[0].rate.valid_until", equalTo("2026-02-01T00:00:00Z"))
                .body("rerate_job_id", notNullValue()).extract().path("rerate_job_id");
        // the replaced version is kept out of the listing; what it priced outside the window is stored again
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().statusCode(200).body("data", hasSize(3))
                .body("data.id", not(hasItems(base)))
                .body("data.valid_from", contains("2025-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z"))
                .body("data.price_usd", contains("1.000000000000", "1.000000000000", "3.000000000000"));
        admin().queryParam("provider", provider).queryParam("model", "m").queryParam("at", "2026-01-15T00:00:00Z")
                .get("/v1/admin/rates").then().body("data", hasSize(1)).body("data[0].price_usd", equalTo("3.000000000000"));

        String oldCredits = admin().get("/v1/admin/rerate-jobs/{id}", job).then().statusCode(200)
                .body("id", equalTo(job)).body("status", equalTo("QUEUED"))
                .body("scopes[0].provider", equalTo(provider)).body("scopes[0].model", equalTo("m"))
                .body("scopes[0].valid_from", equalTo("2026-01-01T00:00:00Z"))
                .body("scopes[0].valid_until", equalTo("2026-02-01T00:00:00Z"))
                .body("superseded_rate_ids", contains(base)).body("rate_ids", hasSize(1))
                .body("rows_examined", equalTo(0)).body("rows_changed", equalTo(0))
                .extract().path("credits_difference");
        assertEquals(0, BigDecimal.ZERO.compareTo(new BigDecimal(oldCredits)));

        // the same correction again: UNCHANGED, and a job that will find nothing to change
        String again = admin().body(List.of(correction)).put("/v1/admin/rates").then().statusCode(202)
                .body("results[0].status", equalTo("UNCHANGED")).extract().path("rerate_job_id");
        admin().queryParam("limit", 500).get("/v1/admin/rerate-jobs").then().statusCode(200)
                .body("data.id", hasItems(job, again));
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(3));

        // open-ended: from 1 March on, every version is replaced
        admin().body(List.of(rate(provider, "5", "2026-03-01T00:00:00Z", true, null))).put("/v1/admin/rates")
                .then().statusCode(202).body("results[0].superseded_rate_ids", hasSize(1))
                .body("results[0].rate.valid_until", nullValue());
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(4))
                .body("data.price_usd", hasItems("5.000000000000"));
    }

    @Test
    void badRerateInputIsAClear4xx() {
        String provider = AdminApi.uniqueId("rrbad").toLowerCase();
        admin().body(List.of(rate(provider, "1", "2026-01-01T00:00:00Z", null, "2026-02-01T00:00:00Z")))
                .put("/v1/admin/rates").then().statusCode(422).body("details[0].field", equalTo("[0].valid_until"));
        admin().body(List.of(rate(provider, "1", "2026-01-01T00:00:00Z", true, "2026-01-01T00:00:00Z")))
                .put("/v1/admin/rates").then().statusCode(422).body("details[0].field", equalTo("[0].valid_until"));
        Map<String, Object> wrongType = rate(provider, "1", "2026-01-01T00:00:00Z", null, null);
        wrongType.put("rerate", "yes");
        admin().body(List.of(wrongType)).put("/v1/admin/rates").then().statusCode(422);
        admin().queryParam("provider", provider).get("/v1/admin/rates").then().body("data", hasSize(0));
        admin().get("/v1/admin/rerate-jobs/{id}", UUID.randomUUID().toString()).then().statusCode(404)
                .body("error", equalTo("NOT_FOUND")).body("message", notNullValue());
        admin().get("/v1/admin/rerate-jobs/not-a-job").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        admin().queryParam("cursor", "nonsense").get("/v1/admin/rerate-jobs").then().statusCode(400);
    }
}
