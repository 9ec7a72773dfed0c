package io.meterline.ingest.events;

/**
 * Why one event of a batch was not accepted. The names are part of the API: clients and SDKs switch on them,
 * so they are never renamed; new codes may be added.
 */
public enum RejectCode {
    /** A required field is absent, null or blank. */
    MISSING_FIELD,
    /** The field has the wrong JSON type (for example a string where a number belongs), or the event is no object. */
    INVALID_TYPE,
    /** The field does not parse: event_id is no UUID, timestamp is no RFC 3339 date-time, quantity is no decimal. */
    INVALID_FORMAT,
    /**
     * The field parses but breaks a rule (see {@code UsageEventRules}): unknown event_type, negative, fractional or
     * over-large count or quantity, too long, too precise, a control character or lone surrogate in a string.
     */
    INVALID_VALUE,
    /** The timestamp is older than the accepted window (35 days) or too far in the future (5 minutes). */
    TIMESTAMP_OUT_OF_RANGE,
    /** The metadata object serializes to more than 4 KB. */
    METADATA_TOO_LARGE,
    /** customer_id is not the API key's customer; the whole batch is refused with 403. */
    CUSTOMER_MISMATCH,
    /**
     * The same dedup key is being published by another request right now; retry this event later. When nothing of
     * the batch was accepted, the batch is answered 409 with Retry-After (retryable), not 422.
     */
    IN_FLIGHT
}
