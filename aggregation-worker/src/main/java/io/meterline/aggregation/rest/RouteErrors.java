package io.meterline.aggregation.rest;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The one error shape for what the HTTP layer answers outside the REST resources, which Quarkus would otherwise end
 * with an empty body: a declared Content-Length over {@code quarkus.http.limits.max-body-size} (413, refused before a
 * byte is read), failures of the router itself, and, as a fallback, a path no route serves. Not covered: what
 * Quarkus and Netty refuse before routing (a URI with a malformed %-escape: 400; a request line or headers over
 * their limits: 414/431) and a chunked body over the limit (413), answered bare.
 */
@ApplicationScoped
public class RouteErrors {

    private static final Logger LOG = Logger.getLogger(RouteErrors.class);

    private final ObjectMapper json;
    private final long maxBodyBytes;

    public RouteErrors(ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.json = json;
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::declaredLength);
        router.route().failureHandler(this::failed);
        router.route().last().handler(ctx -> write(ctx, 404, "No resource at this path"));
    }

    private void declaredLength(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared > maxBodyBytes) {
            // the unread body would keep the connection waiting: close it once the answer is out
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            ctx.response().endHandler(ignored -> ctx.request().connection().close());
            write(ctx, 413, "The body is larger than " + maxBodyBytes + " bytes");
            return;
        }
        ctx.next();
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status >= 400 && status < 500) {
            write(ctx, status, "The request could not be handled (HTTP " + status + ")");
            return;
        }
        LOG.error("request failed", ctx.failure());
        write(ctx, 500, "The server could not handle this request");
    }

    private void write(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(new ApiError(ErrorMappers.code(status), message, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ApiError is always serialisable", e);
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
