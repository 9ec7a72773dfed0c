package io.meterline.ingest.reservations;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Reservations through the API: idempotency, release, settling by a charge, expiry, SOFT and HARD wallets. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReservationTest {

    @Test
    void aHoldIsIdempotentByItsIdAndAnotherEstimateOrFeatureConflicts() {
        Holder acme = Holder.create("resv", "100", "HARD");
        acme.api().body(Map.of("reservation_id", "r1", "estimate", "12.5", "feature_id", "chat",
                "metadata", Map.of("turn", 12))).post("/v1/reservations").then().statusCode(201)
                .body("reservation_id", equalTo("r1")).body("customer_id", equalTo(acme.id()))
                .body("estimate", equalTo("12.500000000000")).body("status", equalTo("OPEN"))
                .body("feature_id", equalTo("chat")).body("metadata.turn", equalTo(12))
                .body("expires_at", notNullValue()).body("created_at", notNullValue())
                .body("balance", equalTo("100.000000000000")).body("held", equalTo("12.500000000000"))
                .body("available", equalTo("87.500000000000")).body("spend_mode", equalTo("HARD"))
                .body("closed_at", nullValue());
        acme.api().body(Map.of("reservation_id", "r1", "estimate", 12.50, "feature_id", "chat"))
                .post("/v1/reservations").then().statusCode(200).body("status", equalTo("OPEN"))
                .body("held", equalTo("12.500000000000"));
        acme.api().body(Map.of("reservation_id", "r1", "estimate", "13", "feature_id", "chat"))
                .post("/v1/reservations").then().statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));
        acme.api().body(Map.of("reservation_id", "r1", "estimate", "12.5")).post("/v1/reservations").then()
                .statusCode(409).body("error", equalTo("IDEMPOTENCY_CONFLICT"));

        acme.api().get("/v1/reservations/r1").then().statusCode(200).body("status", equalTo("OPEN"))
                .body("held", nullValue());
        acme.api().get("/v1/reservations/nope").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        Holder other = Holder.create("resv-other", "0", "SOFT");
        other.api().get("/v1/reservations/r1").then().statusCode(404);
        other.api().delete("/v1/reservations/r1").then().statusCode(404);
        admin().get("/v1/admin/customers/{id}/reservations/r1", acme.id()).then().statusCode(200)
                .body("estimate", equalTo("12.500000000000"));
        acme.api().get("/v1/balance?estimate=87.5").then().statusCode(200).body("held", equalTo("12.500000000000"))
                .body("available", equalTo("87.500000000000")).body("spend_mode", equalTo("HARD"))
                .body("can_spend", equalTo(true));
        acme.api().get("/v1/balance?estimate=87.6").then().statusCode(200).body("can_spend", equalTo(false));
        Audit.assertClean(acme.id());
        Audit.assertClean(other.id());
    }

    @Test
    void hardModeRefusesHoldsAndChargesBeyondAvailableAndWritesNothing() {
        Holder acme = Holder.create("hard", "10", "HARD");
        acme.hold("r1", "6").statusCode(201);
        acme.hold("r2", "4.000000000000000001").statusCode(402).body("error", equalTo("INSUFFICIENT_CREDITS"))
                .body("available", equalTo("4.000000000000")).body("estimate", equalTo("4.000000000000000001"))
                .body("details[0].field", equalTo("estimate"));
        acme.api().get("/v1/reservations/r2").then().statusCode(404);
        acme.api().body(Map.of("request_id", "c1", "amount", "5")).post("/v1/charges").then().statusCode(402)
                .body("error", equalTo("INSUFFICIENT_CREDITS")).body("available", equalTo("4.000000000000"))
                .body("amount", equalTo("5.000000000000"));
        acme.api().get("/v1/charges/c1").then().statusCode(404);
        acme.api().body(Map.of("request_id", "c2", "amount", "4")).post("/v1/charges").then().statusCode(201);
        acme.api().get("/v1/balance").then().body("balance", equalTo("6.000000000000"))
                .body("held", equalTo("6.000000000000")).body("available", equalTo("0.000000000000"))
                .body("can_spend", equalTo(false));
        acme.hold("r3", "0.000000000000000001").statusCode(402);
        assertEquals("1", admin().get("/v1/admin/customers/{id}/wallet/transactions", acme.id()).then()
                .statusCode(200).extract().path("data.findAll { it.type == 'CHARGE' }.size()").toString());
        Audit.assertClean(acme.id());
    }

    @Test
    void softModeAlwaysHoldsAndCanSpend() {
        Holder acme = Holder.create("soft", "10", "SOFT");
        acme.hold("r1", "25").statusCode(201).body("available", equalTo("-15.000000000000"))
                .body("spend_mode", equalTo("SOFT"));
        acme.api().get("/v1/balance?estimate=1000").then().statusCode(200).body("can_spend", equalTo(true))
                .body("available", equalTo("-15.000000000000"));
        acme.api().body(Map.of("request_id", "c1", "amount", "30")).post("/v1/charges").then().statusCode(201);
        Audit.assertClean(acme.id());
    }

    @Test
    void releaseIsIdempotentAndAClosedReservationCannotBeReleased() {
        Holder acme = Holder.create("release", "50", "HARD");
        acme.hold("r1", "20").statusCode(201);
        acme.api().delete("/v1/reservations/r1").then().statusCode(200).body("status", equalTo("RELEASED"))
                .body("closed_at", notNullValue());
        acme.api().delete("/v1/reservations/r1").then().statusCode(200).body("status", equalTo("RELEASED"));
        acme.api().get("/v1/balance").then().body("held", equalTo("0.000000000000"));
        acme.hold("r1", "20").statusCode(200).body("status", equalTo("RELEASED"));
        acme.api().delete("/v1/reservations/unknown").then().statusCode(404);

        // a charge naming r2 settles it; the hold counts as available for it (50 - 45 held + 45 released)
        acme.hold("r2", "45").statusCode(201).body("available", equalTo("5.000000000000"));
        acme.api().body(Map.of("request_id", "c1", "amount", "30", "reservation_id", "r2")).post("/v1/charges")
                .then().statusCode(201);
        acme.api().get("/v1/reservations/r2").then().statusCode(200).body("status", equalTo("SETTLED"))
                .body("settled_amount", equalTo("30.000000000000")).body("settled_by.kind", equalTo("charge"))
                .body("settled_by.id", equalTo("c1")).body("closed_at", notNullValue());
        acme.api().delete("/v1/reservations/r2").then().statusCode(409).body("error", equalTo("RESERVATION_CLOSED"))
                .body("details[0].code", equalTo("SETTLED"));
        // a second charge naming r2 is billed as usual and leaves it as it is
        acme.api().body(Map.of("request_id", "c2", "amount", "5", "reservation_id", "r2")).post("/v1/charges")
                .then().statusCode(201);
        acme.api().get("/v1/reservations/r2").then().body("settled_by.id", equalTo("c1"));
        acme.api().get("/v1/balance").then().body("balance", equalTo("15.000000000000"))
                .body("held", equalTo("0.000000000000"));
        Audit.assertClean(acme.id());
    }

    @Test
    void anExpiredHoldNoLongerCountsAndIsReleasedByTheNextHold() {
        Holder acme = Holder.create("expiry", "10", "HARD");
        acme.api().body(Map.of("reservation_id", "short", "estimate", "10", "ttl_seconds", 1))
                .post("/v1/reservations").then().statusCode(201);
        acme.hold("long", "10").statusCode(402);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(
                acme.api().get("/v1/reservations/short").then().statusCode(200).extract().path("status")));
        acme.api().get("/v1/balance").then().body("held", equalTo("0.000000000000"))
                .body("available", equalTo("10.000000000000"));
        acme.api().delete("/v1/reservations/short").then().statusCode(409).body("details[0].code",
                equalTo("EXPIRED"));
        acme.hold("long", "10").statusCode(201).body("held", equalTo("10.000000000000"));
        acme.api().body(Map.of("request_id", "c1", "amount", "1", "reservation_id", "short")).post("/v1/charges")
                .then().statusCode(402);
        Audit.assertClean(acme.id());
    }

    @Test
    void spendModeIsSetByTheAdminAndValidated() {
        String id = AdminApi.createCustomer("mode");
        admin().body(Map.of("spend_mode", "HARD")).patch("/v1/admin/customers/{id}/wallet", id).then()
                .statusCode(200).body("spend_mode", equalTo("HARD")).body("held", equalTo("0.000000000000"))
                .body("available", equalTo("0.000000000000"));
        admin().body(Map.of("spend_mode", "hard")).patch("/v1/admin/customers/{id}/wallet", id).then()
                .statusCode(422).body("details[0].field", equalTo("spend_mode"));
        admin().body(Map.of("spend_mode", "SOFT")).patch("/v1/admin/customers/{id}/wallet", "no-such-customer")
                .then().statusCode(404);
        admin().get("/v1/admin/customers/{id}", id).then().statusCode(200)
                .body("wallet.spend_mode", equalTo("HARD"));
        Audit.assertClean(id);
    }
}
