package io.meterline.ingest.http;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.meterline.common.http.EdgeRules;
import io.meterline.common.http.RouteErrors;
import io.meterline.ingest.config.IngestConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The first handler of every request on port 8080, ahead of every route that matches by path (those would fail
 * on a malformed URI before any answer could be shaped) and of the server's own body-size check, whose 413 has no
 * body. In this order it answers, in the one error shape ({@link EdgeRules}): a request-target over 8 KiB (414),
 * one that is not a readable URI (400, e.g. {@code %zz} or escapes that are not UTF-8), headers over 20 KiB (431)
 * and a declared Content-Length over {@code quarkus.http.limits.max-body-size} (413).
 *
 * <p>A body without Content-Length (chunked) is read here, by the router, up to its limit: the ingest endpoint's
 * {@code meterline.ingest.max-body-bytes}, else the server's. Past it the answer is the JSON 413 (through
 * {@code HttpFailures}) and the connection closes. Bodies with a Content-Length, the ingest hot path, are left to
 * the REST layer untouched.
 */
@ApplicationScoped
public class EdgeGuard {

    private static final Logger LOG = Logger.getLogger(EdgeGuard.class);
    private static final String INGEST_PATH = "/v1/events/ingest";

    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final BodyHandler chunkedBodies;
    private final BodyHandler chunkedIngestBodies;

    public EdgeGuard(ObjectMapper mapper, IngestConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBody.asLongValue();
        this.chunkedBodies = bodyHandler(maxBodyBytes);
        this.chunkedIngestBodies = bodyHandler(Math.min(maxBodyBytes, config.maxBodyBytes().asLongValue()));
    }

    private static BodyHandler bodyHandler(long limit) {
        return BodyHandler.create(false).setBodyLimit(limit).setMergeFormAttributes(false);
    }

    void install(@Observes Router router) {
        if (!EdgeRules.uriCheckTakenOver()) {
            LOG.warnf("-D%s=true is not set (IngestionApiMain sets it): a malformed request URI gets Quarkus's bare "
                    + "400 instead of the API's", EdgeRules.QUARKUS_URI_CHECK_OFF);
        }
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::check);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::readChunkedBody);
    }

    private void check(RoutingContext context) {
        RouteErrors.Refusal refusal = RouteErrors.refusal(context.request(), maxBodyBytes);
        if (refusal != null) {
            answer(context, refusal.status(), refusal.body());
            return;
        }
        context.next();
    }

    private void readChunkedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            context.next();
            return;
        }
        (INGEST_PATH.equals(request.path()) ? chunkedIngestBodies : chunkedBodies).handle(context);
    }

    /** Ends the request with {@code status} and {@code body} as JSON ({@link RouteErrors#write}). */
    public void answer(RoutingContext context, int status, ApiError body) {
        RouteErrors.write(mapper, context, status, body);
    }
}
