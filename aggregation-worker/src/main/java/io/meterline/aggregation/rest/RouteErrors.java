package io.meterline.aggregation.rest;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The one error shape for the statuses the HTTP layer answers before (or instead of) a resource: a path no route
 * serves (404), and the router's own failures (400 for a URI it cannot decode, 405, 413...).
 */
@ApplicationScoped
public class RouteErrors {

    private final ObjectMapper json;

    public RouteErrors(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().last().handler(ctx -> write(ctx, 404, "No resource at this path"));
        for (int status : List.of(400, 404, 405, 406, 413, 414, 415, 431)) {
            router.errorHandler(status,
                    ctx -> write(ctx, status, "The request could not be handled (HTTP " + status + ")"));
        }
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
