package io.meterline.sdk;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /v1/charges}. {@code requestId} is the idempotency key; when null the client generates one
 * (a UUID) before the first attempt and re-sends it on every retry, so a retried charge is charged once. Naming an
 * open {@code reservationId} settles that reservation with this charge.
 *
 * <pre>{@code meterline.charge(ChargeRequest.of(new BigDecimal("25")).featureId("pdf-report").description("Q3 report"))}</pre>
 */
public record ChargeRequest(String requestId, BigDecimal amount, String featureId, String description,
                            Map<String, Object> metadata, String reservationId) {

    public ChargeRequest {
        Objects.requireNonNull(amount, "amount");
    }

    public static ChargeRequest of(BigDecimal amount) {
        return new ChargeRequest(null, amount, null, null, null, null);
    }

    public ChargeRequest requestId(String v) {
        return new ChargeRequest(v, amount, featureId, description, metadata, reservationId);
    }

    public ChargeRequest featureId(String v) {
        return new ChargeRequest(requestId, amount, v, description, metadata, reservationId);
    }

    public ChargeRequest description(String v) {
        return new ChargeRequest(requestId, amount, featureId, v, metadata, reservationId);
    }

    public ChargeRequest metadata(Map<String, Object> v) {
        return new ChargeRequest(requestId, amount, featureId, description, v, reservationId);
    }

    public ChargeRequest reservationId(String v) {
        return new ChargeRequest(requestId, amount, featureId, description, metadata, v);
    }
}
