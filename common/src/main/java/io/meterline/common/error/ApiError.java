package io.meterline.common.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of the whole API: {@code {"error": CODE, "message": "...", "details": [...]}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, List<?> details) {

    public ApiError(String error, String message) {
        this(error, message, List.of());
    }

    /** The error code of a status the HTTP server or framework produces itself (no route, no method, too large). */
    public static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 431 -> "HEADERS_TOO_LARGE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "REQUEST_ERROR";
        };
    }

    /** The message for such a status when nothing more specific is known (the framework's own say nothing useful). */
    public static String messageFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed";
            case 404 -> "No such resource";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource answers application/json only";
            case 413 -> "The body is too large";
            case 414 -> "The request URI is too long";
            case 415 -> "Send the body as Content-Type: application/json";
            case 431 -> "The request headers are too large";
            default -> status >= 500 ? "The server could not handle this request"
                    : "The request could not be handled (HTTP " + status + ")";
        };
    }
}
