package io.meterline.ingest.reservations;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;

import java.util.Map;

import io.meterline.ingest.support.AdminApi;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** A customer of the reservations tests: created through the admin API with a balance, a spend mode and a key. */
record Holder(String id, String key) {

    static Holder create(String prefix, String balance, String spendMode) {
        String id = AdminApi.createCustomer(prefix);
        if (!"0".equals(balance)) {
            AdminApi.topUp(id, balance, "opening");
        }
        admin().body(Map.of("spend_mode", spendMode)).patch("/v1/admin/customers/{id}/wallet", id).then()
                .statusCode(200);
        return new Holder(id, AdminApi.issueKey(id));
    }

    RequestSpecification api() {
        return given().header("X-Api-Key", key).contentType(ContentType.JSON);
    }

    ValidatableResponse hold(String reservationId, String estimate) {
        return api().body(Map.of("reservation_id", reservationId, "estimate", estimate)).post("/v1/reservations")
                .then();
    }
}
