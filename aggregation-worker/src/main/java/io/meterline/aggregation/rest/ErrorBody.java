package io.meterline.aggregation.rest;

import java.util.List;

/** The API's one error shape, {@code {"error", "message", "details"}}, as the ingestion API answers it. */
public record ErrorBody(String error, String message, List<?> details) {
}
