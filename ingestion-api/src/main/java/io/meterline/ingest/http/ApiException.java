package io.meterline.ingest.http;

import java.util.List;
import java.util.Map;

import io.meterline.common.error.FieldError;

/**
 * A failure the client can act on, with its HTTP status, error code and optional response headers
 * (for example Retry-After). Mapped to {@link ApiError} by {@link ErrorMappers}; never logged as a server error.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<?> details;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, List<?> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of(), Map.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BAD_REQUEST", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "FORBIDDEN", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "CONFLICT", message);
    }

    public static ApiException payloadTooLarge(String message) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", message);
    }

    /** 429 with Retry-After, for a client over its rate limit. */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", message, List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 503 with Retry-After, for a dependency that cannot take the request now; the client should retry. */
    public static ApiException unavailable(String code, String message, long retryAfterSeconds) {
        return new ApiException(503, code, message, List.of(), Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    /** 422 naming each field that is wrong. */
    public static ApiException invalid(List<FieldError> fields) {
        String message = fields.size() == 1 ? fields.get(0).field() + ": " + fields.get(0).message()
                : fields.size() + " fields are invalid";
        return new ApiException(422, "VALIDATION_ERROR", message, fields, Map.of());
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, "INVALID", message)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<?> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
