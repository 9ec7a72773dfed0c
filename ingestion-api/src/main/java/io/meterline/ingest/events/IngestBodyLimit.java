package io.meterline.ingest.events;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.error.ApiError;
import io.meterline.ingest.config.IngestConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses an ingest body whose declared Content-Length is over {@code max-body-bytes} before a byte of it is read,
 * with the API's JSON 413. It runs ahead of the HTTP server's own size check, whose 413 has no body, so every
 * declared size gets the one error shape. Bodies without Content-Length (chunked) are read by the router up to the
 * same limit ({@link io.meterline.ingest.http.EdgeGuard}), past which they get the JSON 413 too.
 */
@ApplicationScoped
public class IngestBodyLimit {

    private final long maxBodyBytes;
    private final byte[] tooLarge;

    public IngestBodyLimit(IngestConfig config, ObjectMapper mapper) throws JsonProcessingException {
        this.maxBodyBytes = config.maxBodyBytes().asLongValue();
        this.tooLarge = mapper.writeValueAsBytes(new ApiError("PAYLOAD_TOO_LARGE",
                "The body is larger than " + maxBodyBytes + " bytes", List.of()));
    }

    void install(@Observes Router router) {
        router.post("/v1/events/ingest").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::declaredLength);
    }

    private void declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declared(length) > maxBodyBytes) {
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(io.vertx.core.buffer.Buffer.buffer(tooLarge));
            return;
        }
        context.next();
    }

    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
