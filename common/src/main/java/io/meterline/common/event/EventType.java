package io.meterline.common.event;

/** What a usage event measures; decides which counters of {@link UsageEventV1} are priced. */
public enum EventType {
    TOKEN_USAGE,
    API_CALL,
    IMAGE_GENERATION,
    AUDIO,
    CUSTOM
}
