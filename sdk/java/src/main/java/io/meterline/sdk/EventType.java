package io.meterline.sdk;

/** The event types the ingest API accepts (exact case on the wire). */
public enum EventType {
    TOKEN_USAGE, API_CALL, IMAGE_GENERATION, AUDIO, CUSTOM
}
