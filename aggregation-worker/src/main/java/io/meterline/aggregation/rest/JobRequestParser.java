package io.meterline.aggregation.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.meterline.common.error.FieldError;

/**
 * Reads the trigger body strictly. 400 when it cannot be read as a request: not JSON, a repeated key, content after
 * the document, not an object, a date that is not an RFC 3339 string ({@code 2026-03-14T00:00:00Z}, seconds and
 * offset required; a JSON number is not a date). 422 naming the field when it reads but is not acceptable: an
 * unknown field, only one of from and to, a date outside years 2000..2100, from not before to, or a range longer
 * than {@code meterline.aggregation.max-backfill}. An empty body (or {@code {}}) asks for an incremental run.
 */
final class JobRequestParser {

    static final OffsetDateTime EARLIEST = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime LATEST = OffsetDateTime.of(2101, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static final Set<String> FIELDS = Set.of("from", "to");
    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private final ObjectReader reader;
    private final Duration maxBackfill;

    JobRequestParser(ObjectMapper mapper, Duration maxBackfill) {
        this.reader = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBackfill = maxBackfill;
    }

    JobRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return new JobRequest(null, null);
        }
        JsonNode tree;
        try {
            tree = reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_JSON", "The body is not valid JSON: " + e.getOriginalMessage(),
                    List.of());
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("MALFORMED_JSON", "The body must be a JSON object", List.of());
        }
        List<FieldError> unreadable = new ArrayList<>();
        OffsetDateTime from = date(tree, "from", unreadable);
        OffsetDateTime to = date(tree, "to", unreadable);
        if (!unreadable.isEmpty()) {
            throw ApiException.badRequest("BAD_REQUEST", unreadable.get(0).field() + ": " + unreadable.get(0).message(),
                    unreadable);
        }
        List<FieldError> invalid = new ArrayList<>();
        for (Iterator<String> names = tree.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                invalid.add(new FieldError(name, "UNKNOWN_FIELD",
                        "is not a field of this request; send from and to, or neither"));
            }
        }
        inYears("from", from, invalid);
        inYears("to", to, invalid);
        if (invalid.isEmpty()) {
            range(from, to, invalid);
        }
        if (!invalid.isEmpty()) {
            throw ApiException.invalid(invalid);
        }
        return new JobRequest(from, to);
    }

    private void range(OffsetDateTime from, OffsetDateTime to, List<FieldError> invalid) {
        if (from == null && to != null) {
            invalid.add(new FieldError("from", "REQUIRED", "give both from and to, or neither"));
        } else if (from != null && to == null) {
            invalid.add(new FieldError("to", "REQUIRED", "give both from and to, or neither"));
        } else if (from != null && !from.isBefore(to)) {
            invalid.add(new FieldError("from", "INVALID_RANGE", "must be before to"));
        } else if (from != null && Duration.between(from, to).compareTo(maxBackfill) > 0) {
            invalid.add(new FieldError("to", "RANGE_TOO_LONG",
                    "a backfill may span at most " + describe(maxBackfill) + "; split it into several jobs"));
        }
    }

    private static OffsetDateTime date(JsonNode tree, String field, List<FieldError> unreadable) {
        JsonNode value = tree.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            unreadable.add(new FieldError(field, "INVALID_TYPE",
                    "must be an RFC 3339 date-time string, e.g. 2026-03-14T00:00:00Z"));
            return null;
        }
        String text = value.textValue();
        if (RFC3339.matcher(text).matches()) {
            try {
                return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                // a well-formed but impossible date or time (2026-02-30, 24:00:00, 23:59:60): unreadable as well
            }
        }
        unreadable.add(new FieldError(field, "INVALID_FORMAT",
                "must be an RFC 3339 date-time with seconds and offset, e.g. 2026-03-14T00:00:00Z"));
        return null;
    }

    private static void inYears(String field, OffsetDateTime value, List<FieldError> invalid) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            invalid.add(new FieldError(field, "OUT_OF_RANGE", "must lie in the years 2000 to 2100"));
        }
    }

    private static String describe(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + " days" : duration.toString();
    }
}
