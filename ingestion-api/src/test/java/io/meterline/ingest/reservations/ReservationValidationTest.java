package io.meterline.ingest.reservations;

import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.meterline.testing.Audit;
import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A bad field is a 422 naming it, and nothing is held. */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class ReservationValidationTest {

    static Stream<Arguments> badFields() {
        return Stream.of(
                Arguments.of("estimate", "0"),
                Arguments.of("estimate", "-1"),
                Arguments.of("estimate", "1e16"),
                Arguments.of("estimate", "0.0000000000000000001"),
                Arguments.of("estimate", null),
                Arguments.of("ttl_seconds", 0),
                Arguments.of("ttl_seconds", 86_401),
                Arguments.of("reservation_id", null),
                Arguments.of("reservation_id", " "),
                Arguments.of("reservation_id", "r".repeat(256)),
                Arguments.of("reservation_id", "a\u0000b"),
                Arguments.of("feature_id", "f".repeat(129)),
                Arguments.of("metadata", "not an object"));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1}")
    @MethodSource("badFields")
    void aBadFieldIsNamedAndNothingIsHeld(String field, Object value) {
        Holder acme = Holder.create("invalid", "10", "HARD");
        Map<String, Object> body = new HashMap<>(Map.of("reservation_id", "r1", "estimate", "1"));
        body.put(field, value);
        acme.api().body(body).post("/v1/reservations").then().statusCode(422)
                .body("details[0].field", equalTo(field));
        acme.api().get("/v1/balance").then().body("held", equalTo("0.000000000000"));
        Audit.assertClean(acme.id());
    }
}
