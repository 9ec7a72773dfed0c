package io.meterline.ingest.auth;

import static io.meterline.ingest.support.AdminApi.admin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminAuthTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /v1/admin/customers",
            "GET, /v1/admin/customers",
            "GET, /v1/admin/customers/c1",
            "PATCH, /v1/admin/customers/c1",
            "POST, /v1/admin/customers/c1/api-keys",
            "GET, /v1/admin/customers/c1/api-keys",
            "DELETE, /v1/admin/api-keys/0b7f6c1e-6a43-4b8e-9d7e-3f1c2a9b8d01",
            "GET, /v1/admin/customers/c1/wallet",
            "POST, /v1/admin/customers/c1/wallet/top-ups",
            "POST, /v1/admin/customers/c1/wallet/adjustments",
            "GET, /v1/admin/customers/c1/wallet/transactions",
            "PUT, /v1/admin/rates",
            "GET, /v1/admin/rates",
            "GET, /v1/admin/events",
            "GET, /v1/admin/no-such-thing"})
    void everyAdminPathRefusesMissingAndWrongTokens(String method, String path) {
        given().contentType(ContentType.JSON).body("{}").request(method, path)
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED")).body("message", notNullValue());
        given().contentType(ContentType.JSON).body("{}").header("Authorization", "Bearer wrong-token")
                .request(method, path).then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().contentType(ContentType.JSON).body("{}").header("Authorization", "Basic " + AdminApi.TOKEN)
                .request(method, path).then().statusCode(401);
        given().contentType(ContentType.JSON).body("{}").header("Authorization", "Bearer " + AdminApi.TOKEN + "x")
                .request(method, path).then().statusCode(401);
    }

    @Test
    void theRightTokenIsAccepted() {
        admin().get("/v1/admin/customers?limit=1").then().statusCode(200);
        admin().get("/v1/admin/no-such-thing").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void anApiKeyIsNotAnAdminToken() {
        String customer = AdminApi.createCustomer("auth");
        String key = AdminApi.issueKey(customer);
        given().header("Authorization", "Bearer " + key).get("/v1/admin/customers").then().statusCode(401);
    }

    @Test
    void customerEndpointsNeedAnApiKey() {
        given().get("/v1/balance").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().get("/v1/usage").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("X-Api-Key", "ml_notakey").get("/v1/balance").then().statusCode(401);
        given().header("Authorization", "Bearer " + AdminApi.TOKEN).get("/v1/usage").then().statusCode(401);
    }

    @Test
    void openApiDocumentsTheAdminAndCustomerApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/admin/customers/{id}/wallet/top-ups"))
                .body(containsString("/v1/admin/rates"))
                .body(containsString("/v1/balance"))
                .body(containsString("adminToken"))
                .body(containsString("there is no reprice endpoint"));
    }
}
