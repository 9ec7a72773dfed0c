package io.meterline.cost.http;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.http.EdgeRules;
import io.meterline.common.http.RouteErrors;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * This port serves only health ({@code /q/health} and below) and metrics ({@code /q/metrics}), both read-only.
 * Everything else it answers itself has the one error shape: the shared {@link RouteErrors}, plus a 405 for a
 * method other than GET or HEAD on those paths (Quarkus would run the checks or the scrape for any method).
 */
@ApplicationScoped
class HttpErrors {

    /** The paths Quarkus serves here, under its default non-application root {@code /q}. */
    private static final List<String> SERVED = List.of("/q/health", "/q/metrics");

    private final RouteErrors errors;

    HttpErrors(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.errors = new RouteErrors(json, maxBodySize.asLongValue());
    }

    void install(@Observes Router router) {
        errors.install(router);
        router.route().order(RouteErrors.CHECK_ORDER + 1).handler(this::readOnly);
    }

    private void readOnly(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || !served(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
        errors.write(ctx, 405, EdgeRules.refusal(405));
    }

    private static boolean served(String path) {
        return SERVED.stream().anyMatch(served -> path.equals(served) || path.startsWith(served + "/"));
    }
}
