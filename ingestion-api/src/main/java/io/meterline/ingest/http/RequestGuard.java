package io.meterline.ingest.http;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.meterline.common.error.FieldError;
import io.meterline.common.validation.TextRules;
import io.meterline.ingest.auth.AdminAuthFilter;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Refuses, before any resource runs, request input that no resource could use: a path or query parameter that
 * decodes to a control character or ill-formed text ({@link TextRules}; a {@code %00} would otherwise reach
 * Postgres and fail there), a malformed percent-escape (400), and on admin paths a Content-Encoding the admin API
 * does not decode (415; only the ingest endpoint inflates gzip). Runs before {@link AdminAuthFilter}, which reads
 * the decoded path too; none of these answers depends on data.
 */
public class RequestGuard {

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER - 100)
    public void check(ContainerRequestContext request, HttpServerRequest http) {
        String path;
        try {
            path = request.getUriInfo().getPath();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The path holds a malformed percent-escape");
        }
        String problem = TextRules.problem(path);
        if (problem != null) {
            throw ApiException.badRequest("The path " + problem);
        }
        if (http.query() != null) {
            checkQuery(request);
        }
        if (AdminAuthFilter.isAdmin(path) && !isIdentity(request.getHeaderString(HttpHeaders.CONTENT_ENCODING))) {
            throw ApiException.unsupportedMediaType("The admin API reads uncompressed bodies only: send no "
                    + "Content-Encoding (or identity)");
        }
    }

    private static void checkQuery(ContainerRequestContext request) {
        MultivaluedMap<String, String> parameters;
        try {
            parameters = request.getUriInfo().getQueryParameters();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The query holds a malformed percent-escape");
        }
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String problem = TextRules.problem(name);
            for (int i = 0; problem == null && i < parameter.getValue().size(); i++) {
                problem = TextRules.problem(parameter.getValue().get(i));
            }
            if (problem != null) {
                String field = TextRules.problem(name) == null ? name : "query";
                throw new ApiException(400, "BAD_REQUEST", "Query parameter " + field + " " + problem,
                        List.of(new FieldError(field, "INVALID_TEXT", problem)), Map.of());
            }
        }
    }

    private static boolean isIdentity(String contentEncoding) {
        return contentEncoding == null || contentEncoding.isBlank() || contentEncoding.trim().equalsIgnoreCase("identity");
    }
}
