package io.meterline.common.http;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The one error shape for what a worker's HTTP layer answers outside its own handlers, which Quarkus would
 * otherwise end with an empty or HTML body; shared by the aggregation and the cost worker. Its first handler runs
 * ahead of every route that matches by path and of the server's own body-size check, and refuses by the shared
 * {@link EdgeRules}: a request-target over 8 KiB (414) or not a readable URI (400), headers over 20 KiB (431), a
 * declared Content-Length over {@code quarkus.http.limits.max-body-size} (413, before a byte is read). A body
 * without Content-Length (chunked) is then read by the router up to that limit, past which it is 413 too. Then the
 * failures of the router itself and, as a fallback, a path no route serves (404).
 *
 * <p>Only a request line or headers past the HTTP codec's limits (64 KiB in each service's application.properties)
 * still get the codec's bare 414/431: no route ever sees those requests ({@link EdgeRules} says why).
 *
 * <p>Not a CDI bean: common is indexed into every service, and the ingestion API installs an edge of its own (its
 * body limits differ per path), which refuses by {@link #refusal} and answers by {@link #write(ObjectMapper,
 * RoutingContext, int, ApiError)} too. Each worker installs this one from its own {@code @Observes Router} bean.
 */
public final class RouteErrors {

    /** Order of the first check. A service's own refusals that need no body go after it, before {@link #READ_ORDER}. */
    public static final int CHECK_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 3;
    /** Order of the read of a chunked body, just ahead of Quarkus's own body-size check. */
    public static final int READ_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    private static final Logger LOG = Logger.getLogger(RouteErrors.class);

    private final ObjectMapper json;
    private final long maxBodyBytes;
    private final BodyHandler chunkedBodies;

    /** {@code maxBodyBytes}: the service's {@code quarkus.http.limits.max-body-size}. */
    public RouteErrors(ObjectMapper json, long maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes).setMergeFormAttributes(false);
    }

    /** Adds the check, the chunked-body read, the failure handler and the 404 fallback to {@code router}. */
    public void install(Router router) {
        if (!EdgeRules.uriCheckTakenOver()) {
            LOG.warnf("-D%s=true is not set (the service's main class sets it): a malformed request URI gets "
                    + "Quarkus's bare 400", EdgeRules.QUARKUS_URI_CHECK_OFF);
        }
        router.route().order(CHECK_ORDER).handler(this::check);
        router.route().order(READ_ORDER).handler(this::readChunkedBody);
        router.route().failureHandler(this::failed);
        router.route().last().handler(ctx -> write(ctx, 404, new ApiError("NOT_FOUND", "No resource at this path")));
    }

    private void check(RoutingContext ctx) {
        Refusal refusal = refusal(ctx.request(), maxBodyBytes);
        if (refusal != null) {
            write(ctx, refusal.status(), refusal.body());
            return;
        }
        ctx.next();
    }

    /** What the edge answers a request it refuses: the status and the body in the one error shape. */
    public record Refusal(int status, ApiError body) {
    }

    /**
     * The first refusal {@code request} earns before any route reads it, by {@link EdgeRules}, in this order: a
     * request-target over 8 KiB (414), one that is not a readable URI (400), headers over 20 KiB (431), a declared
     * Content-Length over {@code maxBodyBytes} (413); null when it may go on. Shared with the ingestion API's edge.
     */
    public static Refusal refusal(HttpServerRequest request, long maxBodyBytes) {
        if (request.uri().length() > EdgeRules.MAX_URI_LENGTH) {
            return new Refusal(414, EdgeRules.refusal(414));
        }
        String problem = EdgeRules.uriProblem(request.uri());
        if (problem != null) {
            return new Refusal(400, EdgeRules.malformedUri(problem));
        }
        if (EdgeRules.headerBytes(request.headers()) > EdgeRules.MAX_HEADER_BYTES) {
            return new Refusal(431, EdgeRules.refusal(431));
        }
        if (EdgeRules.declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH)) > maxBodyBytes) {
            return new Refusal(413, new ApiError("PAYLOAD_TOO_LARGE", "The body is larger than " + maxBodyBytes
                    + " bytes"));
        }
        return null;
    }

    private void readChunkedBody(RoutingContext ctx) {
        if (ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            ctx.next();
            return;
        }
        chunkedBodies.handle(ctx); // fails the context with 413 past the limit
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.failure() instanceof HttpClosedException) {
            LOG.debugf("connection closed with the request unanswered or its body unread (%s)", ctx.failure());
            return; // e.g. the rest of a body past the limit, after the 413: nobody left to answer
        }
        int status = ctx.statusCode();
        if (status == 413) {
            write(ctx, 413, new ApiError("PAYLOAD_TOO_LARGE", "The body is larger than " + maxBodyBytes + " bytes"));
            return;
        }
        if (status >= 400 && status < 500) {
            write(ctx, status, EdgeRules.refusal(status));
            return;
        }
        LOG.error("request failed", ctx.failure());
        write(ctx, 500, EdgeRules.refusal(500));
    }

    /** Ends the request with the JSON body; a 413 also closes the connection, whose unread body would hold it. */
    public void write(RoutingContext ctx, int status, ApiError error) {
        write(json, ctx, status, error);
    }

    /**
     * Ends the request with {@code status} and {@code error} as JSON, unless the answer has ended (one begun is just
     * ended). A 413 also closes the connection once sent: the rest of the body would otherwise keep it busy.
     */
    public static void write(ObjectMapper json, RoutingContext ctx, int status, ApiError error) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            response.end();
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ApiError is always serialisable", e);
        }
        if (status == 413 && !ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(ignored -> ctx.request().connection().close());
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
