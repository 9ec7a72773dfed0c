package io.meterline.ingest.http;

import java.util.List;

import org.jboss.logging.Logger;

import io.meterline.common.error.ApiError;
import io.meterline.ingest.http.EdgeGuard;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The one error shape for what the HTTP server answers instead of a resource: no route (404, 405, 406, 415) and any
 * failure of a route (e.g. 413 from reading a chunked body, {@link EdgeGuard}). What is refused before routing (a
 * malformed or too long URI, headers or a declared body too large) is answered by {@link EdgeGuard}; resources and
 * their exceptions are mapped by {@link ErrorMappers}.
 */
@ApplicationScoped
public class HttpFailures {

    private static final Logger LOG = Logger.getLogger(HttpFailures.class);

    private final EdgeGuard edge;

    public HttpFailures(EdgeGuard edge) {
        this.edge = edge;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        for (int status : new int[] {400, 404, 405, 406, 413, 414, 415, 500}) {
            router.errorHandler(status, context -> answer(context, status));
        }
    }

    private void failed(RoutingContext context) {
        if (context.response().ended() || context.failure() instanceof HttpClosedException) {
            LOG.debugf("connection closed with the request unanswered or its body unread (%s)", context.failure());
            return; // e.g. the rest of a body past the limit, after the 413: nobody left to answer
        }
        int status = context.statusCode() > 0 ? context.statusCode()
                : context.failure() instanceof HttpException http ? http.getStatusCode() : 500;
        if (status >= 500) {
            LOG.error("request failed", context.failure());
        }
        answer(context, status);
    }

    private void answer(RoutingContext context, int status) {
        edge.answer(context, status, new ApiError(ErrorMappers.code(status), ErrorMappers.message(status, null), List.of()));
    }
}
