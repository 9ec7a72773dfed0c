package io.meterline.aggregation.rest;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.meterline.common.error.ApiError;
import io.meterline.common.http.RouteErrors;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/**
 * Every failure inside the REST layer leaves this service as an {@link ApiError}, in this one place (the same
 * mapping as the ingestion-api's). Requests that never reach it (no resource at that path) get the same shape
 * from {@link RouteErrors}. Anything unexpected is logged here and answered with a generic 500, never a trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e) {
        return error(e.status(), e.body());
    }

    /** 404 unknown path below a resource, 405 wrong method, 406 unacceptable Accept, 415 wrong Content-Type... */
    @ServerExceptionMapper
    public RestResponse<ApiError> web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return error(status, new ApiError("INTERNAL_ERROR", "The server could not handle this request", List.of()));
        }
        return error(status, new ApiError(code(status), e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return error(500, new ApiError("INTERNAL_ERROR", "The server could not handle this request", List.of()));
    }

    /** The error code of a status the server produces itself (see {@link ApiError#codeFor}). */
    static String code(int status) {
        return ApiError.codeFor(status);
    }

    static RestResponse<ApiError> error(int status, ApiError body) {
        return RestResponse.ResponseBuilder.<ApiError>create(status).entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Any body (a view or an {@link ApiError}) as JSON with the given status. */
    static RestResponse<?> respond(int status, Object body) {
        return RestResponse.ResponseBuilder.create(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
