package io.meterline.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.meterline.ingest.config.AdminConfig;
import io.quarkus.runtime.LaunchMode;

/** Plain unit test: start-up refusal in prod and the comparison itself. */
class AdminTokenVerifierTest {

    @Test
    void prodRefusesToStartWithoutAToken() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> AdminTokenVerifier.requireConfigured(false, LaunchMode.NORMAL));
        assertTrue(e.getMessage().contains("METERLINE_ADMIN_TOKEN"));
        assertDoesNotThrow(() -> AdminTokenVerifier.requireConfigured(true, LaunchMode.NORMAL));
        assertDoesNotThrow(() -> AdminTokenVerifier.requireConfigured(false, LaunchMode.TEST));
        assertDoesNotThrow(() -> AdminTokenVerifier.requireConfigured(false, LaunchMode.DEVELOPMENT));
    }

    @Test
    void onlyTheConfiguredTokenMatches() {
        AdminTokenVerifier verifier = new AdminTokenVerifier(config(Optional.of("s3cret-token")));
        assertTrue(verifier.matches("s3cret-token"));
        assertFalse(verifier.matches("s3cret-tokeN"));
        assertFalse(verifier.matches("s3cret"));
        assertFalse(verifier.matches(""));
        assertFalse(verifier.matches(null));
    }

    @Test
    void noTokenOrABlankOneMatchesNothing() {
        assertFalse(new AdminTokenVerifier(config(Optional.empty())).matches(""));
        assertFalse(new AdminTokenVerifier(config(Optional.of("  "))).matches(""));
        assertFalse(new AdminTokenVerifier(config(Optional.of("  "))).matches("  "));
    }

    private static AdminConfig config(Optional<String> token) {
        return new AdminConfig() {
            @Override
            public Optional<String> token() {
                return token;
            }

            @Override
            public Duration ratePastSkew() {
                return Duration.ofMinutes(5);
            }
        };
    }
}
