package io.meterline.ingest.webhooks;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With private addresses not allowed (the production default), registration refuses what resolves inside. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
@TestProfile(WebhookPrivateUrlTest.PrivateRefused.class)
class WebhookPrivateUrlTest {

    public static class PrivateRefused implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("meterline.webhooks.allow-private", "false");
        }
    }

    @Test
    void loopbackPrivateAndLinkLocalUrlsAreRefused() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
                "http://10.0.0.5/hook", "http://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data/",
                "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/")) {
            admin().body(Map.of("url", url, "event_types", List.of("*"))).post("/v1/admin/webhook-endpoints")
                    .then().statusCode(422).body("details[0].field", equalTo("url"))
                    .body("details[0].message", containsString("webhooks go to public addresses only"));
        }
        String id = admin().body(Map.of("url", "https://93.184.215.14/hook", "event_types", List.of("*")))
                .post("/v1/admin/webhook-endpoints").then().statusCode(201).extract().path("id");
        admin().body(Map.of("url", "http://127.0.0.1/again")).patch("/v1/admin/webhook-endpoints/{id}", id)
                .then().statusCode(422).body("details[0].field", equalTo("url"));
        admin().post("/v1/admin/webhook-endpoints/{id}/disable", id).then().statusCode(200);
    }
}
