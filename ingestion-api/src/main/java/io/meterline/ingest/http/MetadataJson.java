package io.meterline.ingest.http;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.validation.UsageEventRules;

/**
 * The metadata rule of the APIs that store a client's JSON object (charges, reservations): the events' rule
 * ({@link UsageEventRules#metadata}) and at most {@code maxBytes} serialized.
 */
public final class MetadataJson {

    private MetadataJson() {
    }

    /** The metadata as JSON text, or null when absent; rejects it on {@code v} when it breaks the rule. */
    public static String of(Validator v, JsonNode metadata, ObjectMapper mapper, int maxBytes) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        UsageEventRules.Violation violation = UsageEventRules.metadata(metadata);
        if (violation != null) {
            v.reject("metadata", "INVALID", violation.message());
            return null;
        }
        try {
            String json = mapper.writeValueAsString(metadata);
            if (json.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
                v.reject("metadata", "TOO_LARGE", "must serialize to at most " + maxBytes + " bytes");
            }
            return json;
        } catch (JsonProcessingException e) {
            v.reject("metadata", "INVALID", "must be a JSON object");
            return null;
        }
    }
}
