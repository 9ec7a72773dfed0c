package io.meterline.common.ledger;

import java.math.BigDecimal;

/**
 * An item naming a reservation: {@code amount} is the item's credits (null for an event that could not be priced),
 * {@code kind} {@value #EVENT} or {@value #CHARGE}, {@code itemId} the event_id or the charge's request_id.
 */
public record Settlement(String customerId, String reservationId, BigDecimal amount, String kind, String itemId) {

    public static final String EVENT = "event";
    public static final String CHARGE = "charge";
}
