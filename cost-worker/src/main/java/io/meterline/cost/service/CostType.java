package io.meterline.cost.service;

/** What a provider_rates row prices; the names are the values of provider_rates.cost_type. */
public enum CostType {
    INPUT_TOKEN,
    CACHED_INPUT_TOKEN,
    CACHE_WRITE_TOKEN,
    OUTPUT_TOKEN,
    REQUEST,
    IMAGE,
    AUDIO_SECOND,
    UNIT
}
