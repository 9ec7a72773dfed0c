package io.meterline.ingest.http;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The one error shape for what the HTTP server answers before (or instead of) a resource: no route (404, 405,
 * 406, 415), a declared body over {@code quarkus.http.limits.max-body-size} (413, checked ahead of the server's own
 * check, whose 413 has no body), a URI over {@link #MAX_URI_LENGTH} (414) and any failure of a route. Resources and
 * their exceptions are mapped by {@link ErrorMappers}.
 *
 * <p>Not covered, because the HTTP codec answers before any handler runs: a request line longer than
 * {@code quarkus.http.limits.max-initial-line-length} (set well above MAX_URI_LENGTH) and headers over
 * {@code quarkus.http.limits.max-header-size}, which get a bare 414/431.
 */
@ApplicationScoped
public class HttpFailures {

    /** Longest request URI (path and query) served; longer ones are answered 414. */
    public static final int MAX_URI_LENGTH = 8192;
    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    public HttpFailures(ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBody.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::limits);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 500}) {
            router.errorHandler(status, context -> answer(context, status));
        }
    }

    private void limits(RoutingContext context) {
        if (context.request().uri().length() > MAX_URI_LENGTH) {
            answer(context, 414);
            return;
        }
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declared(length) > maxBodyBytes) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            answer(context, 413);
            return;
        }
        context.next();
    }

    private void failed(RoutingContext context) {
        int status = context.statusCode() > 0 ? context.statusCode()
                : context.failure() instanceof HttpException http ? http.getStatusCode() : 500;
        if (status >= 500) {
            LOG.error("request failed", context.failure());
        }
        answer(context, status);
    }

    private void answer(RoutingContext context, int status) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(new ApiError(ErrorMappers.code(status), ErrorMappers.message(status, null),
                    List.of()));
        } catch (JsonProcessingException e) {
            body = new byte[0];
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(body));
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
