package io.meterline.common.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.meterline.common.event.UsageEventV1;

/**
 * Reads the value of a usage-events record (the UTF-8 JSON of a {@link UsageEventV1}) into an event that keeps
 * {@link UsageEventRules}, or says why it cannot be billed. This is the cost worker's decoding (its
 * {@code EventDecoder} only adds the record's own timestamp when {@code received_at} is absent); it lives next to
 * the rules so that the edge's tests run exactly this code on what the edge writes. Never throws.
 */
public final class UsageRecordReader {

    /** Exactly one of the two is set. */
    public record Read(UsageEventV1 event, String reason) {
    }

    private final ObjectReader reader;

    /**
     * {@code mapper} must be the shared dialect ({@code JsonCustomizer}), as on the producing side. Repeated keys
     * are not looked for here: the records are the edge's own serialization, which cannot repeat one, and the
     * check costs a set per object on the worker's hot path (the values are still checked by the rule set).
     */
    public UsageRecordReader(ObjectMapper mapper) {
        this.reader = mapper.readerFor(UsageEventV1.class).without(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Parses the bytes as they came from the broker (no String in between). */
    public Read read(byte[] value) {
        if (value == null) {
            return new Read(null, "empty record");
        }
        UsageEventV1 event;
        try {
            event = reader.readValue(value);
        } catch (Exception invalid) {
            return new Read(null, "undecodable JSON: " + firstLine(invalid.getMessage()));
        }
        if (event == null) {
            return new Read(null, "empty record");
        }
        if (event.schemaVersion() != UsageEventV1.SCHEMA_VERSION) {
            return new Read(null, "unsupported schema_version " + event.schemaVersion());
        }
        UsageEventRules.Violation violation = UsageEventRules.check(event);
        return violation == null ? new Read(event, null) : new Read(null, violation.reason());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
