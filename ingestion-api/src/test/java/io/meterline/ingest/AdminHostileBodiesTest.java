package io.meterline.ingest;

import static io.meterline.ingest.support.AdminApi.admin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.meterline.ingest.support.AdminApi;
import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Hostile bodies for every admin endpoint that writes: each answers its 4xx in the one error shape, names the field,
 * and changes nothing (the resource is read back after each). Bodies are JSON text with {@code $ID} standing for a
 * fresh unique marker, so a refused write can be searched for afterwards.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class AdminHostileBodiesTest {

    /** Strings every string field is tried with: NUL, a lone surrogate, another control character (JSON escapes). */
    static final List<String> BAD_TEXT = List.of("\\u0000", "\\ud800", "\\udc00x", "\\u0007", "\\u009b");

    /** Values of another JSON type than a string. */
    static final List<String> NOT_STRINGS = List.of("1", "true", "1e400", "[\"a\"]", "{\"a\": 1}");

    record Case(String body, int status, String code, String field) {
        @Override
        public String toString() {
            return body + " -> " + status + " " + field;
        }
    }

    static Stream<Arguments> customerCreates() {
        String base = "\"id\": \"$ID\", \"name\": \"Hostile $ID\", \"email\": \"a@b.example\"";
        List<Case> cases = new ArrayList<>(strings("{" + base + "}", List.of("id", "name", "email")));
        cases.add(new Case("{" + base + ", \"name\": \"other $ID\"}", 400, "MALFORMED_JSON", "name"));
        cases.add(new Case("{" + base + "} {}", 400, "MALFORMED_JSON", null));
        cases.add(new Case("{" + base + "} x", 400, "MALFORMED_JSON", null));
        cases.add(new Case("{" + base + ", \"price_multiplier\": \"1001\"}", 422, "VALIDATION_ERROR", "price_multiplier"));
        cases.add(new Case("{" + base + ", \"price_multiplier\": \"\uff12\"}", 422, "VALIDATION_ERROR", "price_multiplier"));
        cases.add(new Case("{" + base + ", \"price_multiplier\": false}", 422, "VALIDATION_ERROR", "price_multiplier"));
        cases.add(new Case("{" + base + ", \"low_balance_threshold\": \"1e16\"}", 422, "VALIDATION_ERROR",
                "low_balance_threshold"));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("customerCreates")
    void createCustomerRefusesAndStoresNothing(Case c) throws SQLException {
        String marker = AdminApi.uniqueId("hostile");
        expect(admin().body(c.body().replace("$ID", marker)).post("/v1/admin/customers").then(), c);
        assertEquals(0, count("SELECT count(*) FROM customers WHERE strpos(id, ?) > 0 OR strpos(name, ?) > 0", marker));
    }

    static Stream<Arguments> customerPatches() {
        List<Case> cases = new ArrayList<>(strings("{\"name\": \"n\", \"email\": \"a@b.example\"}", List.of("name", "email")));
        cases.add(new Case("{\"name\": \"one\", \"name\": \"two\"}", 400, "MALFORMED_JSON", "name"));
        cases.add(new Case("{\"name\": \"one\"}]", 400, "MALFORMED_JSON", null));
        cases.add(new Case("{\"price_multiplier\": \"1e4\"}", 422, "VALIDATION_ERROR", "price_multiplier"));
        cases.add(new Case("{\"low_balance_threshold\": 1e400}", 422, "VALIDATION_ERROR", "low_balance_threshold"));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("customerPatches")
    void patchCustomerRefusesAndChangesNothing(Case c) {
        String id = AdminApi.createCustomer("patch");
        expect(admin().body(c.body()).patch("/v1/admin/customers/{id}", id).then(), c);
        admin().get("/v1/admin/customers/{id}", id).then().statusCode(200).body("name", equalTo("Test " + id))
                .body("email", equalTo(null)).body("price_multiplier", equalTo("1.000000000000"))
                .body("wallet.low_balance_threshold", equalTo("0.000000000000"));
        Audit.assertClean(id);
    }

    static Stream<Arguments> apiKeyIssues() {
        List<Case> cases = new ArrayList<>(strings("{\"name\": \"k\"}", List.of("name")));
        cases.add(new Case("{\"name\": \"a\", \"name\": \"b\"}", 400, "MALFORMED_JSON", "name"));
        cases.add(new Case("{\"name\": \"a\"} {\"name\": \"b\"}", 400, "MALFORMED_JSON", null));
        cases.add(new Case("[]", 400, "MALFORMED_JSON", null));
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("apiKeyIssues")
    void issueApiKeyRefusesAndIssuesNothing(Case c) {
        String id = AdminApi.createCustomer("keys");
        expect(admin().body(c.body()).post("/v1/admin/customers/{id}/api-keys", id).then(), c);
        admin().get("/v1/admin/customers/{id}/api-keys", id).then().statusCode(200).body("data", hasSize(0));
        Audit.assertClean(id);
    }

    static Stream<Arguments> walletWrites() {
        String topUp = "/top-ups";
        String adjust = "/adjustments";
        List<Arguments> cases = new ArrayList<>();
        for (Case c : strings("{\"amount\": \"5\", \"idempotency_key\": \"k\", \"description\": \"d\"}",
                List.of("idempotency_key", "description"))) {
            cases.add(Arguments.of(topUp, c));
        }
        for (Case c : strings("{\"amount\": \"-5\", \"idempotency_key\": \"k\", \"reason\": \"r\"}",
                List.of("idempotency_key", "reason"))) {
            cases.add(Arguments.of(adjust, c));
        }
        for (String path : List.of(topUp, adjust)) {
            String rest = path.equals(topUp) ? "" : ", \"reason\": \"r\"";
            cases.add(Arguments.of(path, new Case("{\"amount\": \"1\", \"idempotency_key\": \"k\", \"amount\": \"2\"" + rest
                    + "}", 400, "MALFORMED_JSON", "amount")));
            cases.add(Arguments.of(path, new Case("{\"amount\": \"1\", \"idempotency_key\": \"k\"" + rest + "} {}", 400,
                    "MALFORMED_JSON", null)));
            for (String amount : List.of("\"1000000000000001\"", "-1e16", "\"\uff15\"", "\"5 \"", "true", "\"0x10\"")) {
                cases.add(Arguments.of(path, new Case("{\"amount\": " + amount + ", \"idempotency_key\": \"k\"" + rest
                        + "}", 422, "VALIDATION_ERROR", "amount")));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("walletWrites")
    void walletWriteRefusesAndMovesNoCredit(String path, Case c) {
        String id = AdminApi.createCustomer("wallet");
        expect(admin().body(c.body()).post("/v1/admin/customers/{id}/wallet" + path, id).then(), c);
        admin().get("/v1/admin/customers/{id}/wallet", id).then().statusCode(200)
                .body("balance", equalTo("0.000000000000"));
        admin().get("/v1/admin/customers/{id}/wallet/transactions", id).then().statusCode(200).body("data", hasSize(0));
        Audit.assertClean(id);
    }

    static Stream<Arguments> ratePuts() {
        String item = "\"provider\": \"$ID\", \"model\": \"m-$ID\", \"cost_type\": \"INPUT_TOKEN\", \"price_usd\": \"1\", "
                + "\"valid_from\": \"2025-01-01T00:00:00Z\", \"aliases\": [\"alias-$ID\"], \"source\": \"s\"";
        List<Case> cases = new ArrayList<>();
        for (Case c : strings("{" + item + "}", List.of("provider", "model", "source", "cost_type"))) {
            cases.add(new Case("[" + c.body() + "]", c.status(), c.code(), "[0]." + c.field()));
        }
        for (String bad : BAD_TEXT) {
            cases.add(new Case("[{" + item.replace("[\"alias-$ID\"]", "[\"a\", \"alias-$ID" + bad + "\"]") + "}]", 422,
                    "VALIDATION_ERROR", "[0].aliases[1]"));
        }
        cases.add(new Case("[{" + item.replace("[\"alias-$ID\"]", "[7]") + "}]", 422, "VALIDATION_ERROR", "[0].aliases[0]"));
        cases.add(new Case("[{" + item + ", \"price_usd\": \"2\"}]", 400, "MALFORMED_JSON", "[0].price_usd"));
        cases.add(new Case("[{" + item + "}] []", 400, "MALFORMED_JSON", null));
        cases.add(new Case("{" + item + "}", 400, "MALFORMED_JSON", null));
        for (String date : List.of("1700000000", "\"0000-01-01T00:00:00Z\"", "\"+99999-01-01T00:00:00Z\"",
                "\"2025-06-30T23:59:60Z\"", "\"2025-01-01T00:00:00\"", "\"2025-01-01\"", "\"2101-01-01T00:00:00Z\"")) {
            cases.add(new Case("[{" + item.replace("\"2025-01-01T00:00:00Z\"", date) + "}]", 422, "VALIDATION_ERROR",
                    "[0].valid_from"));
        }
        for (String unitSize : List.of("1.5", "\"10\"", "\"\uff11\uff10\"", "1e3", "0", "1000000000001", "true")) {
            cases.add(new Case("[{" + item + ", \"unit_size\": " + unitSize + "}]", 422, "VALIDATION_ERROR",
                    "[0].unit_size"));
        }
        for (String price : List.of("\"1000001\"", "1e7", "\"-1\"", "\"NaN\"", "\"\uff11\"", "false")) {
            cases.add(new Case("[{" + item.replace("\"price_usd\": \"1\"", "\"price_usd\": " + price) + "}]", 422,
                    "VALIDATION_ERROR", "[0].price_usd"));
        }
        return cases.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("ratePuts")
    void putRatesRefusesAndStoresNoVersion(Case c) throws SQLException {
        String marker = AdminApi.uniqueId("hostile").toLowerCase();
        expect(admin().body(c.body().replace("$ID", marker)).put("/v1/admin/rates").then(), c);
        assertEquals(0, count("SELECT count(*) FROM provider_rates WHERE strpos(provider, ?) > 0 OR strpos(model, ?) > 0",
                marker));
    }

    /** For each field: each bad string in it (422), and each non-string JSON value in it (422). */
    private static List<Case> strings(String validBody, List<String> fields) {
        List<Case> cases = new ArrayList<>();
        for (String field : fields) {
            String original = valueOf(validBody, field);
            for (String bad : BAD_TEXT) {
                String inside = original.substring(0, original.length() - 1) + bad + "\"";
                cases.add(new Case(validBody.replace("\"" + field + "\": " + original, "\"" + field + "\": " + inside), 422,
                        "VALIDATION_ERROR", field));
            }
            for (String other : NOT_STRINGS) {
                cases.add(new Case(validBody.replace("\"" + field + "\": " + original, "\"" + field + "\": " + other), 422,
                        "VALIDATION_ERROR", field));
            }
        }
        return cases;
    }

    /** The JSON string value of {@code field} in a flat body written as {@code "field": "value"}. */
    private static String valueOf(String body, String field) {
        int start = body.indexOf("\"" + field + "\": \"") + field.length() + 4;
        return body.substring(start, body.indexOf('"', start + 1) + 1);
    }

    private static void expect(ValidatableResponse response, Case c) {
        response.statusCode(c.status()).body("error", equalTo(c.code()));
        if (c.field() != null) {
            response.body("details[0].field", equalTo(c.field()));
        }
    }

    private static int count(String sql, String marker) throws SQLException {
        try (Connection db = AdminApi.db(); PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 1; i <= query.getParameterMetaData().getParameterCount(); i++) {
                query.setString(i, marker);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
