package io.meterline.common.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of the whole API: {@code {"error": CODE, "message": "...", "details": [...]}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, List<?> details) {

    public ApiError(String error, String message) {
        this(error, message, List.of());
    }
}
