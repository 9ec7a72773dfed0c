package io.meterline.ingest.http;

import org.jboss.resteasy.reactive.RestResponse;

/**
 * The status of a create. An idempotent create (its key may be sent again) answers 201 when this request made the
 * thing and 200 with the original when it is a retry, so a client tells a first write from a replay by the status
 * alone; the body is the same either way. Every such endpoint answers through here so the rule has one home.
 */
public final class Outcomes {

    private Outcomes() {
    }

    /** 201 with the body when {@code created}, else 200 with it (a replay). */
    public static <T> RestResponse<T> toResponse(boolean created, T body) {
        return RestResponse.status(created ? RestResponse.Status.CREATED : RestResponse.Status.OK, body);
    }

    /** 201 with the body: a create without replay (a second one is a conflict or a new thing). */
    public static <T> RestResponse<T> created(T body) {
        return toResponse(true, body);
    }
}
