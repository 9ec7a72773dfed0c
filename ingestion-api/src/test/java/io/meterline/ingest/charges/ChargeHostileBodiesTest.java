package io.meterline.ingest.charges;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Hostile bodies for the charge and refund writes (as AdminHostileBodiesTest does for the other admin writes): each
 * answers its 4xx in the one error shape naming the field, and moves no credit.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ChargeHostileBodiesTest {

    /** NUL, lone surrogates, other control characters (JSON escapes). */
    private static final List<String> BAD_TEXT = List.of("\\u0000", "\\ud800", "\\udc00x", "\\u0007", "\\u009b");
    /** Values of another JSON type than a string. */
    private static final List<String> NOT_STRINGS = List.of("1", "true", "1e400", "[\"a\"]", "{\"a\": 1}");

    /** One customer for all charge cases and one (with one charge) for all refund cases: every case changes nothing. */
    private static String chargeCustomer;
    private static String refundCustomer;

    record Case(String body, int status, String code, String field) {
        @Override
        public String toString() {
            return body + " -> " + status + " " + field;
        }
    }

    static Stream<Case> charges() {
        String valid = "{\"request_id\": \"r\", \"amount\": \"5\", \"feature_id\": \"f\", \"description\": \"d\"}";
        List<Case> cases = strings(valid, List.of("request_id", "feature_id", "description"));
        cases.add(new Case("{\"request_id\": \"r\", \"amount\": \"1\", \"amount\": \"2\"}", 400, "MALFORMED_JSON",
                "amount"));
        cases.add(new Case(valid + " {}", 400, "MALFORMED_JSON", null));
        cases.add(new Case("[]", 400, "MALFORMED_JSON", null));
        for (String amount : List.of("\"1000000000000001\"", "1e16", "\"\uff15\"", "\"5 \"", "true", "\"0x10\"",
                "\"NaN\"", "\"-0.5\"", "0")) {
            cases.add(new Case("{\"request_id\": \"r\", \"amount\": " + amount + "}", 422, "VALIDATION_ERROR",
                    "amount"));
        }
        for (String metadata : List.of("[1]", "\"text\"", "{\"k\\u0000\": 1}", "{\"k\": \"\\ud800\"}",
                "{\"k\": 1e70}")) {
            cases.add(new Case("{\"request_id\": \"r\", \"amount\": 1, \"metadata\": " + metadata + "}", 422,
                    "VALIDATION_ERROR", "metadata"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("charges")
    void aHostileChargeMovesNoCredit(Case c) {
        if (chargeCustomer == null) {
            chargeCustomer = AdminApi.createCustomer("hostilecharge");
        }
        String id = chargeCustomer;
        expect(c, admin().body(c.body()).post("/v1/admin/customers/{id}/charges", id).then());
        assertEquals(0, Charges.ledgerRows(id));
        assertEquals(0, Charges.count("SELECT count(*) FROM charges WHERE customer_id = ?", id));
        Audit.assertClean(id);
    }

    static Stream<Case> refunds() {
        String valid = "{\"refund_id\": \"f\", \"charge_request_id\": \"c\", \"reason\": \"r\"}";
        List<Case> cases = strings(valid, List.of("refund_id", "charge_request_id", "reason"));
        cases.addAll(strings("{\"refund_id\": \"f\", \"event_id\": \"" + UUID.randomUUID()
                + "\", \"reason\": \"r\"}", List.of("event_id")));
        cases.add(new Case("{\"refund_id\": \"f\", \"refund_id\": \"g\", \"charge_request_id\": \"c\", \"reason\": \"r\"}",
                400, "MALFORMED_JSON", "refund_id"));
        for (String amount : List.of("\"1000000000000001\"", "-1", "\"\uff11\"", "false", "\"1e-19\"")) {
            cases.add(new Case("{\"refund_id\": \"f\", \"charge_request_id\": \"c\", \"reason\": \"r\", \"amount\": "
                    + amount + "}", 422, "VALIDATION_ERROR", "amount"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("refunds")
    void aHostileRefundMovesNoCredit(Case c) {
        if (refundCustomer == null) {
            refundCustomer = AdminApi.createCustomer("hostilerefund");
            admin().body("{\"request_id\": \"c\", \"amount\": \"5\"}")
                    .post("/v1/admin/customers/{id}/charges", refundCustomer).then().statusCode(201);
        }
        String id = refundCustomer;
        expect(c, admin().body(c.body()).post("/v1/admin/customers/{id}/refunds", id).then());
        assertEquals(1, Charges.ledgerRows(id));
        assertEquals(0, Charges.count("SELECT count(*) FROM refunds WHERE customer_id = ?", id));
        admin().get("/v1/admin/customers/{id}/charges/c", id).then().body("refunded_amount", equalTo("0.000000000000"));
        Audit.assertClean(id);
    }

    /** For each field: each bad string in it, and each non-string JSON value in it (422 naming it). */
    private static List<Case> strings(String validBody, List<String> fields) {
        List<Case> cases = new ArrayList<>();
        for (String field : fields) {
            int start = validBody.indexOf("\"" + field + "\": \"") + field.length() + 4;
            String original = validBody.substring(start, validBody.indexOf('"', start + 1) + 1);
            for (String bad : BAD_TEXT) {
                String inside = original.substring(0, original.length() - 1) + bad + "\"";
                cases.add(new Case(validBody.replace("\"" + field + "\": " + original, "\"" + field + "\": " + inside),
                        422, "VALIDATION_ERROR", field));
            }
            for (String other : NOT_STRINGS) {
                cases.add(new Case(validBody.replace("\"" + field + "\": " + original, "\"" + field + "\": " + other),
                        422, "VALIDATION_ERROR", field));
            }
        }
        return cases;
    }

    private static void expect(Case c, ValidatableResponse response) {
        response.statusCode(c.status()).body("error", equalTo(c.code()));
        if (c.field() != null) {
            response.body("details[0].field", equalTo(c.field()));
        }
    }
}
