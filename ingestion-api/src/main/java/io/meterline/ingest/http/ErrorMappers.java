package io.meterline.ingest.http;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.meterline.common.error.ApiError;
import io.meterline.common.error.JsonErrors;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * Every failure leaves the API as an {@link ApiError}, in this one place. Client mistakes get their 4xx;
 * anything unexpected is logged here and answered with a generic 500 body, never a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    /** The error body plus {@code available} and the refused amount (see {@link InsufficientCredits}). */
    @ServerExceptionMapper
    public RestResponse<Map<String, Object>> insufficient(InsufficientCredits e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.put("details", e.details());
        body.put("available", e.available());
        body.put(e.field(), e.requested());
        return RestResponse.ResponseBuilder.<Map<String, Object>>create(e.status()).entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e) {
        RestResponse.ResponseBuilder<ApiError> builder = RestResponse.ResponseBuilder
                .<ApiError>create(e.status())
                .entity(new ApiError(e.code(), e.getMessage(), e.details()))
                .type(MediaType.APPLICATION_JSON_TYPE);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> json(JsonProcessingException e) {
        JsonErrors.Described described = JsonErrors.describe(e);
        if (described == null) {
            return unexpected(e);
        }
        return RestResponse.ResponseBuilder.<ApiError>create(described.status()).entity(described.error())
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Needed as well: Quarkus ships a mapper for this subtype that would otherwise answer 400 in its own shape. */
    @ServerExceptionMapper
    public RestResponse<ApiError> mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json); // the JSON reader wraps some parse failures (e.g. a truncated body)
        }
        int status = e.getResponse().getStatus();
        String code = code(status);
        if (status >= 500) {
            LOG.error("request failed", e);
            return error(status, code, "The server could not handle this request", List.of());
        }
        return error(status, code, message(status, e.getMessage()), List.of());
    }

    /**
     * A dependency the request needed could not be reached (Postgres or Redis refusing connections: found by the
     * chaos suite's postgres-down scenario once the API-key cache expired), or no Postgres connection came free in
     * time (the pool's "Timeout waiting for connection" and "Timeout": found by the chaos suite's credit operations
     * on an overloaded machine), is 503 with Retry-After, so clients retry, as for Kafka; anything else unexpected
     * stays 500.
     */
    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e) {
        if (unreachable(e)) {
            LOG.warnf("a dependency is unreachable: %s", e.getMessage());
            return RestResponse.ResponseBuilder.<ApiError>create(503)
                    .entity(new ApiError("SERVICE_UNAVAILABLE", "A dependency of the service cannot be reached; "
                            + "retry later", List.of()))
                    .header("Retry-After", "1").type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        LOG.error("unexpected failure", e);
        return error(500, "INTERNAL_ERROR", "The server could not handle this request", List.of());
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException || poolTimeout(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Vert.x SQL pool's acquisition time-out: a stack-less {@code VertxException} or {@code NoStackTraceThrowable}
     * (no class of its own) whose message starts with "Timeout". No statement ran on the connection never obtained.
     */
    private static boolean poolTimeout(Throwable t) {
        return (t instanceof VertxException || t instanceof NoStackTraceThrowable)
                && t.getMessage() != null && t.getMessage().startsWith("Timeout");
    }

    private static RestResponse<ApiError> error(int status, String code, String message, List<?> details) {
        return RestResponse.ResponseBuilder.<ApiError>create(status).entity(new ApiError(code, message, details))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The error code of a status the server produces itself (see {@link ApiError#codeFor}). */
    static String code(int status) {
        return ApiError.codeFor(status);
    }

    /** The framework's own 4xx messages ("HTTP 404 Not Found") say nothing a client can act on. */
    static String message(int status, String original) {
        return switch (status) {
            case 404, 405, 406, 413, 414, 415, 431 -> ApiError.messageFor(status);
            default -> status >= 500 || original == null ? ApiError.messageFor(status) : JsonErrors.printable(original);
        };
    }
}
