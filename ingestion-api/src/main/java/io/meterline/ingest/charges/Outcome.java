package io.meterline.ingest.charges;

import org.jboss.resteasy.reactive.RestResponse;

import io.meterline.ingest.http.Outcomes;

/** A charge or refund as answered: created now (201) or the original of a retried request (200). */
public record Outcome<T>(T view, boolean created) {

    /** The answer by the API's one rule for idempotent creates ({@link Outcomes}). */
    public RestResponse<T> response() {
        return Outcomes.toResponse(created, view);
    }
}
