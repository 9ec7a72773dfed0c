package io.meterline.common.error;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.meterline.common.time.InstantJacksonModule;

/**
 * Turns a Jackson read failure into the one error shape, in words that name the JSON field and never a Java class
 * (Jackson's own messages quote class names and the client's input). A body that is not one well-formed JSON
 * document (bad syntax, a repeated key, trailing content, the wrong root type) is 400 {@code MALFORMED_JSON};
 * a well-formed value of the wrong type or format is 422 {@code VALIDATION_ERROR} naming the field.
 */
public final class JsonErrors {

    /** A described failure: the HTTP status and the error body. */
    public record Described(int status, ApiError error) {
    }

    private JsonErrors() {
    }

    /** Null when {@code e} is not about the client's JSON (e.g. a server-side mapping bug). */
    public static Described describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        Throwable root = e;
        while (root.getCause() instanceof JsonProcessingException cause && root.getCause() != root) {
            root = cause;
        }
        if (root instanceof StreamConstraintsException) {
            return malformed("exceeds a JSON limit (a number, string, name or nesting too long)", path, "TOO_LONG");
        }
        if (root instanceof InputCoercionException) {
            return invalid(path, "OUT_OF_RANGE", "is out of range for a whole number");
        }
        if (root instanceof JsonParseException parse) {
            String message = parse.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                String key = path(parse.getProcessor() == null ? null : parse.getProcessor().getParsingContext());
                return malformed("repeats the key " + (key.isEmpty() ? "" : "'" + key + "' ") + "in one object",
                        key, "DUPLICATE_KEY");
            }
            return malformed("is not valid JSON: " + printable(message), path, "SYNTAX");
        }
        if (root instanceof MismatchedInputException mismatch) {
            String message = mismatch.getOriginalMessage();
            if (message != null && message.startsWith("Trailing token")) {
                return malformed("holds content after the JSON document", "", "TRAILING_CONTENT");
            }
            String expected = expected(mismatch.getTargetType());
            if (path.isEmpty()) {
                return malformed(expected == null ? "has the wrong JSON type" : expected, "", "WRONG_TYPE");
            }
            if (root instanceof InvalidFormatException) {
                return invalid(path, "INVALID", expected != null ? expected : "has the wrong format");
            }
            return invalid(path, "WRONG_TYPE", expected != null ? expected : "has the wrong JSON type");
        }
        return null;
    }

    /** What a value of {@code type} must look like on the wire, or null for a type with no general rule. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class) {
            return "must be a JSON string";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class
                || type == BigInteger.class || type == Short.class || type == short.class) {
            return "must be a whole JSON number";
        }
        if (type == BigDecimal.class) {
            return "must be a decimal number, as a JSON number or an ASCII decimal string such as \"12.50\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Instant.class) {
            return InstantJacksonModule.DATE_RULE;
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type.isEnum()) {
            return "is not one of the allowed values";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be a JSON array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || JsonNode.class.isAssignableFrom(type)) {
            return type == JsonNode.class ? null : "must be a JSON object";
        }
        return null;
    }

    private static Described malformed(String reason, String field, String code) {
        List<FieldError> details = field.isEmpty() ? List.of() : List.of(new FieldError(field, code, reason));
        return new Described(400, new ApiError("MALFORMED_JSON", "The body " + reason, details));
    }

    private static Described invalid(String field, String code, String reason) {
        String name = field.isEmpty() ? "body" : field;
        return new Described(422, new ApiError("VALIDATION_ERROR", name + ": " + reason,
                List.of(new FieldError(name, code, reason))));
    }

    /** {@code items[2].name} style, from Jackson's reference chain. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : references) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return printable(path.toString());
    }

    /** The same style from a parser's context (innermost last). */
    private static String path(JsonStreamContext context) {
        if (context == null) {
            return "";
        }
        String outer = path(context.getParent());
        if (context.inObject() && context.getCurrentName() != null) {
            return printable((outer.isEmpty() ? "" : outer + ".") + context.getCurrentName());
        }
        if (context.inArray()) {
            return outer + "[" + Math.max(0, context.getCurrentIndex()) + "]";
        }
        return outer;
    }

    /** At most 200 characters, control characters and lone surrogates as \\uXXXX, so the answer always serialises. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 210));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() >= 200 ? out + "..." : out.toString();
    }
}
