package io.meterline.common.ledger;

/** One release for {@link Holds#releaseMany}: the customer's reservation to release. */
public record ReleaseRequest(String customerId, String reservationId) {
}
