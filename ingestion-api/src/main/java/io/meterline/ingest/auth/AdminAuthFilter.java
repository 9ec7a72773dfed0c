package io.meterline.ingest.auth;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.meterline.common.AdminToken;
import io.meterline.ingest.http.ApiException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Guards every path under /v1/admin with {@code Authorization: Bearer <admin token>}. It runs before
 * resource matching, so an unknown admin path is also 401 for a caller without the token (nothing is revealed),
 * and a new admin resource is protected without having to remember an annotation.
 */
public class AdminAuthFilter {

    static final String ADMIN_PATH = "/v1/admin";

    private final AdminTokenVerifier verifier;

    public AdminAuthFilter(AdminTokenVerifier verifier) {
        this.verifier = verifier;
    }

    public static boolean isAdmin(String path) {
        return path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/");
    }

    @ServerRequestFilter(preMatching = true)
    public void requireAdminToken(ContainerRequestContext request) {
        if (!isAdmin(request.getUriInfo().getPath())) {
            return;
        }
        String token = AdminToken.bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            throw ApiException.unauthorized("Send the admin token as 'Authorization: Bearer <token>'");
        }
        if (!verifier.matches(token)) {
            throw ApiException.unauthorized("The admin token is not valid");
        }
    }
}
