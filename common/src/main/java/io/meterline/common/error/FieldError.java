package io.meterline.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One rejected field: which field and why, in words a client can act on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String field, String code, String message) {
}
