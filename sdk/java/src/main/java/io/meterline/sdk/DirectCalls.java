package io.meterline.sdk;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The direct calls behind {@link MeterlineClient}: balance, event status, charges, refunds and reservations. Each
 * write's idempotency key is fixed here, once per call and before the first attempt (a new UUID unless the caller
 * gave one), so the retries of {@link DirectTransport} re-send it and the API applies the write once.
 */
final class DirectCalls {
    private final DirectTransport transport;

    DirectCalls(DirectTransport transport) {
        this.transport = transport;
    }

    Balance balance(BigDecimal estimate) {
        String query = estimate == null ? "" : "?estimate=" + enc(estimate.toPlainString());
        JsonNode n = get("v1/balance" + query, false).orElseThrow();
        return new Balance(Json.decimal(n, "balance"), Json.text(n, "currency"), n.path("low_balance").asBoolean(),
                n.path("can_spend").asBoolean(), Json.decimal(n, "estimate"), Json.decimal(n, "held"),
                Json.decimal(n, "available"), Json.text(n, "spend_mode"));
    }

    Optional<EventStatus> eventStatus(UUID eventId) {
        return get("v1/events/" + eventId, true).map(n -> new EventStatus(Json.uuid(n, "event_id"),
                Json.text(n, "status"), Json.decimal(n, "cost_usd"), Json.decimal(n, "credits"),
                Json.text(n, "event_type"), Json.text(n, "feature_id"), Json.text(n, "provider"),
                Json.text(n, "model"), Json.text(n, "timestamp"), Json.text(n, "received_at"),
                Json.text(n, "processed_at"), Json.text(n, "batch_id"), Json.text(n, "reason")));
    }

    Charge charge(ChargeRequest r) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("request_id", r.requestId() != null ? r.requestId() : UUID.randomUUID().toString());
        body.put("amount", r.amount().toPlainString());
        putIf(body, "feature_id", r.featureId());
        putIf(body, "description", r.description());
        if (r.metadata() != null) body.set("metadata", Json.MAPPER.valueToTree(r.metadata()));
        putIf(body, "reservation_id", r.reservationId());
        DirectTransport.Answer a = transport.call("POST", "v1/charges", body, false).orElseThrow();
        return Charge.from(a.body(), a.created());
    }

    Optional<Charge> getCharge(String requestId) {
        return get("v1/charges/" + enc(Objects.requireNonNull(requestId, "requestId")), true)
                .map(n -> Charge.from(n, false));
    }

    Refund refund(RefundRequest r) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("refund_id", r.refundId() != null ? r.refundId() : UUID.randomUUID().toString());
        putIf(body, "charge_request_id", r.chargeRequestId());
        if (r.eventId() != null) body.put("event_id", r.eventId().toString());
        if (r.amount() != null) body.put("amount", r.amount().toPlainString());
        body.put("reason", r.reason());
        DirectTransport.Answer a = transport.call("POST", "v1/refunds", body, false).orElseThrow();
        return Refund.from(a.body(), a.created());
    }

    Reservation reserve(BigDecimal estimate, ReserveOptions o) {
        Objects.requireNonNull(estimate, "estimate");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("reservation_id", o.reservationId() != null ? o.reservationId() : UUID.randomUUID().toString());
        body.put("estimate", estimate.toPlainString());
        if (o.ttlSeconds() != null) body.put("ttl_seconds", o.ttlSeconds());
        putIf(body, "feature_id", o.featureId());
        if (o.metadata() != null) body.set("metadata", Json.MAPPER.valueToTree(o.metadata()));
        DirectTransport.Answer a = transport.call("POST", "v1/reservations", body, false).orElseThrow();
        return Reservation.from(a.body(), a.created());
    }

    Reservation release(String reservationId) {
        String path = "v1/reservations/" + enc(Objects.requireNonNull(reservationId, "reservationId"));
        return Reservation.from(transport.call("DELETE", path, null, false).orElseThrow().body(), false);
    }

    Optional<Reservation> getReservation(String reservationId) {
        return get("v1/reservations/" + enc(Objects.requireNonNull(reservationId, "reservationId")), true)
                .map(n -> Reservation.from(n, false));
    }

    private Optional<JsonNode> get(String path, boolean notFoundIsEmpty) {
        return transport.call("GET", path, null, notFoundIsEmpty).map(DirectTransport.Answer::body);
    }

    private static void putIf(ObjectNode n, String field, String value) {
        if (value != null) n.put(field, value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
