package io.meterline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminTokenTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "Bearer s3cret-token, true",
            "bearer s3cret-token, true",
            "Bearer  s3cret-token , true",
            "Bearer s3cret-tokenx, false",
            "Bearer s3cret-toke, false",
            "Bearer , false",
            "s3cret-token, false",
            "Basic s3cret-token, false",
            "NULL, false",
    })
    void onlyTheConfiguredBearerTokenMatches(String authorization, boolean expected) {
        assertEquals(expected, new AdminToken("s3cret-token").matches(AdminToken.bearer(authorization)));
    }
}
