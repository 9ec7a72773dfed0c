package io.meterline.ingest.rest;

import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.meterline.ingest.config.IngestConfig;
import io.meterline.ingest.rest.error.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Refuses an ingest body whose declared Content-Length is over the limit before it is read, with the API's
 * 413 body. Bodies without Content-Length (chunked) are checked after reading, by {@code BatchReader};
 * the HTTP server's own cap ({@code quarkus.http.limits.max-body-size}) sits above both.
 */
public class IngestBodyLimit {

    private final long maxBodyBytes;

    public IngestBodyLimit(IngestConfig config) {
        this.maxBodyBytes = config.maxBodyBytes().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public RestResponse<ApiError> declaredLength(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().endsWith("/ingest")) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) <= maxBodyBytes) {
                return null;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return RestResponse.ResponseBuilder.<ApiError>create(413)
                .entity(new ApiError("PAYLOAD_TOO_LARGE", "The body is larger than " + maxBodyBytes + " bytes", List.of()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
