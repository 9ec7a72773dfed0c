package io.meterline.sdk;

import java.util.Map;

/**
 * Options of {@code reserve}: {@code reservationId} (the idempotency key; generated once per call when null and
 * re-sent on every retry), {@code ttlSeconds} (the API's default 300 when null, 1..86400), {@code featureId} and
 * {@code metadata}.
 */
public record ReserveOptions(String reservationId, Integer ttlSeconds, String featureId, Map<String, Object> metadata) {

    public static ReserveOptions defaults() {
        return new ReserveOptions(null, null, null, null);
    }

    public ReserveOptions reservationId(String v) {
        return new ReserveOptions(v, ttlSeconds, featureId, metadata);
    }

    public ReserveOptions ttlSeconds(int v) {
        return new ReserveOptions(reservationId, v, featureId, metadata);
    }

    public ReserveOptions featureId(String v) {
        return new ReserveOptions(reservationId, ttlSeconds, v, metadata);
    }

    public ReserveOptions metadata(Map<String, Object> v) {
        return new ReserveOptions(reservationId, ttlSeconds, featureId, v);
    }
}
