package io.meterline.ingest.auth;

import java.util.Optional;

import org.jboss.logging.Logger;

import io.meterline.common.AdminToken;
import io.meterline.ingest.config.AdminConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Checks the admin bearer token (the comparison itself is common's {@link AdminToken}, shared with the
 * aggregation worker).
 *
 * <p>In the prod profile the service refuses to start without a token: an admin API that is open by
 * accident is worse than one that is down.
 */
@ApplicationScoped
public class AdminTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AdminTokenVerifier.class);

    private final Optional<AdminToken> expected;

    public AdminTokenVerifier(AdminConfig config) {
        this.expected = config.token().map(String::trim).filter(t -> !t.isEmpty()).map(AdminToken::new);
    }

    void onStart(@Observes StartupEvent event) {
        requireConfigured(expected.isPresent(), LaunchMode.current());
    }

    /** Fails start-up in prod without a token; in dev and test only warns (every admin call then gets 401). */
    static void requireConfigured(boolean configured, LaunchMode mode) {
        if (configured) {
            return;
        }
        if (mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("No admin token configured: set METERLINE_ADMIN_TOKEN "
                    + "(meterline.admin.token) to a long random secret; the ingestion API will not start without one");
        }
        LOG.warn("No admin token configured (METERLINE_ADMIN_TOKEN); every /v1/admin call will be refused");
    }

    /** True only for the configured token; always false when none is configured. */
    public boolean matches(String presented) {
        return expected.map(token -> token.matches(presented)).orElse(false);
    }
}
