package io.meterline.sdk;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.UUID;

/**
 * Body of {@code POST /v1/refunds}: a charge (by its request id) or a priced usage event, and a reason;
 * {@code amount} null refunds all that is not refunded yet. {@code refundId} is the idempotency key; when null the
 * client generates one before the first attempt and re-sends it on every retry, so a retried refund is paid once.
 */
public record RefundRequest(String refundId, String chargeRequestId, UUID eventId, BigDecimal amount, String reason) {

    public RefundRequest {
        Objects.requireNonNull(reason, "reason");
        if ((chargeRequestId == null) == (eventId == null)) {
            throw new IllegalArgumentException("exactly one of chargeRequestId and eventId");
        }
    }

    public static RefundRequest ofCharge(String chargeRequestId, String reason) {
        return new RefundRequest(null, Objects.requireNonNull(chargeRequestId, "chargeRequestId"), null, null, reason);
    }

    public static RefundRequest ofEvent(UUID eventId, String reason) {
        return new RefundRequest(null, null, Objects.requireNonNull(eventId, "eventId"), null, reason);
    }

    public RefundRequest refundId(String v) {
        return new RefundRequest(v, chargeRequestId, eventId, amount, reason);
    }

    public RefundRequest amount(BigDecimal v) {
        return new RefundRequest(refundId, chargeRequestId, eventId, v, reason);
    }
}
