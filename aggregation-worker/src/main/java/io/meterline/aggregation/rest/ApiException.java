package io.meterline.aggregation.rest;

import java.util.List;

import io.meterline.common.error.ApiError;
import io.meterline.common.error.FieldError;

/** A failure the client can act on, with its status and body; mapped by {@link ErrorMappers}, never logged. */
public class ApiException extends RuntimeException {

    private final int status;
    private final ApiError body;

    public ApiException(int status, ApiError body) {
        super(body.message(), null, false, false);
        this.status = status;
        this.body = body;
    }

    /** 400: the body cannot be read as a request at all (not JSON, duplicate keys, a date that is no date). */
    public static ApiException badRequest(String code, String message, List<FieldError> details) {
        return new ApiException(400, new ApiError(code, message, details));
    }

    /** 422 naming each field whose value is readable but not acceptable. */
    public static ApiException invalid(List<FieldError> fields) {
        String message = fields.size() == 1 ? fields.get(0).field() + ": " + fields.get(0).message()
                : fields.size() + " fields are invalid";
        return new ApiException(422, new ApiError("VALIDATION_ERROR", message, fields));
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
