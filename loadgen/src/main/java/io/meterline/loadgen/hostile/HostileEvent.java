package io.meterline.loadgen.hostile;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One generated event: its JSON members, optionally raw text appended inside the object (a repeated key), and what
 * the edge must answer. {@code eventId} and {@code timestamp} are null when the event does not carry a readable
 * one; {@code dedupKey} is what the API deduplicates on (idempotency_key, else event_id).
 */
public record HostileEvent(Map<String, Object> fields, String rawMembers, Expect expect) {

    public HostileEvent {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String json(boolean ascii) {
        String object = Json.write(fields, ascii);
        if (rawMembers == null) {
            return object;
        }
        return object.substring(0, object.length() - 1) + (fields.isEmpty() ? "" : ",") + rawMembers + "}";
    }

    public UUID eventId() {
        try {
            return fields.get("event_id") instanceof String s ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String dedupKey() {
        Object key = fields.get("idempotency_key");
        return key instanceof String s && !s.isBlank() ? s : String.valueOf(fields.get("event_id"));
    }

    public Instant timestamp() {
        try {
            return fields.get("timestamp") instanceof String s ? java.time.OffsetDateTime.parse(s).toInstant() : null;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    public long tokens(String field) {
        return fields.get(field) instanceof Long n ? n : 0;
    }

    public String text(String field) {
        return fields.get(field) instanceof String s ? s : null;
    }

    public HostileEvent with(String field, Object value, Expect expect) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        if (value == REMOVE) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return new HostileEvent(copy, rawMembers, expect);
    }

    /** For {@link #with}: drop the field. */
    public static final Object REMOVE = new Object();
}
