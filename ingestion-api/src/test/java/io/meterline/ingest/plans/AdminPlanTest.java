package io.meterline.ingest.plans;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminPlanTest {

    private static final String PLANS = "/v1/admin/plans";

    static Map<String, Object> plan(String id, Object credits, String rollover, Object max) {
        Map<String, Object> body = new HashMap<>();
        body.put("plan_id", id);
        body.put("name", "Pro");
        body.put("monthly_credits", credits);
        body.put("rollover", rollover);
        if (max != null) {
            body.put("rollover_max", max);
        }
        body.put("grant_priority", 50);
        return body;
    }

    @Test
    void aPlanIsVersionedByChangeAndIdempotentBySameBody() {
        String id = AdminApi.uniqueId("pro");
        admin().body(plan(id, "1000", "CAPPED", "500")).post(PLANS).then().statusCode(201)
                .body("plan_id", equalTo(id)).body("version", equalTo(1))
                .body("monthly_credits", equalTo("1000.000000000000")).body("rollover", equalTo("CAPPED"))
                .body("rollover_max", equalTo("500.000000000000")).body("grant_priority", equalTo(50));
        // the same plan, amounts written otherwise: the current version, 200
        admin().body(plan(id, 1000.0, "CAPPED", "500.00")).post(PLANS).then().statusCode(200)
                .body("version", equalTo(1));
        admin().body(plan(id, "2000", "FULL", null)).post(PLANS).then().statusCode(201).body("version", equalTo(2))
                .body("rollover_max", nullValue());
        admin().body(plan(id, "2000", "FULL", null)).post(PLANS).then().statusCode(200).body("version", equalTo(2));
        admin().get(PLANS + "/{id}", id).then().statusCode(200).body("current.version", equalTo(2))
                .body("versions.version", contains(1, 2))
                .body("versions.monthly_credits", contains("1000.000000000000", "2000.000000000000"));
        admin().queryParam("limit", 500).get(PLANS).then().statusCode(200)
                .body("data.find { it.plan_id == '" + id + "' }.version", equalTo(2));
    }

    @Test
    void concurrentChangesEachTakeTheirOwnVersion() throws Exception {
        String id = AdminApi.uniqueId("race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> posts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String credits = String.valueOf(100 + i % 3);   // three distinct bodies, each posted twice
                posts.add(() -> admin().body(plan(id, credits, "NONE", null)).post(PLANS).then().extract()
                        .statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(posts)) {
                assertTrue(f.get() == 200 || f.get() == 201, "status " + f.get());
            }
        } finally {
            pool.shutdown();
        }
        // every version number once, without gaps
        List<Integer> versions = admin().get(PLANS + "/{id}", id).then().statusCode(200).extract()
                .jsonPath().getList("versions.version", Integer.class);
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1, versions.get(i));
        }
    }

    @ParameterizedTest(name = "{4} refused")
    @CsvSource(nullValues = "-", value = {
        "p,    100, CAPPED, -,   rollover_max",
        "p,    100, NONE,   10,  rollover_max",
        "p,    100, SOME,   -,   rollover",
        "p,    0,   NONE,   -,   monthly_credits",
        "p,    -5,  FULL,   -,   monthly_credits",
        "'a b', 100, NONE,  -,   plan_id",
        "p,    100, CAPPED, -1,  rollover_max",
    })
    void invalidPlansAre422NamingTheField(String id, String credits, String rollover, String max, String field) {
        admin().body(plan(AdminApi.uniqueId(id), credits, rollover, max)).post(PLANS).then().statusCode(422)
                .body("error", equalTo("VALIDATION_ERROR")).body("details.field", hasItem(field));
    }

    @Test
    void anUnknownPlanIs404AndTheTokenIsRequired() {
        admin().get(PLANS + "/{id}", "no-such-plan").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().get(PLANS).then().statusCode(401);
        Map<String, Object> body = plan(AdminApi.uniqueId("p"), "100", "NONE", null);
        body.put("grant_priority", 2_000_000);
        admin().body(body).post(PLANS).then().statusCode(422).body("details.field", hasItem("grant_priority"));
    }
}
