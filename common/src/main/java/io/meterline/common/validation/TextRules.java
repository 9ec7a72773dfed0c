package io.meterline.common.validation;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one rule for every string Meterline accepts from a client and may store: well-formed Unicode (no lone
 * UTF-16 surrogate, which the Postgres client would silently write as {@code ?}) and no control characters
 * (U+0000, which Postgres TEXT and JSONB refuse, and the other C0/C1 controls and DEL).
 *
 * <p>Identifiers and labels use {@link #problem(String)}; free text (descriptions, reasons, metadata values) uses
 * {@link #freeTextProblem(String)}, which also allows tab, line feed and carriage return. Both return
 * {@code null} for an acceptable string, else the reason in words a client can act on. Pure and allocation-free
 * on the accepted path: it runs on every string of every ingested event.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Null if {@code text} is well-formed and holds no control character; else why not. */
    public static String problem(String text) {
        return scan(text, false);
    }

    /** As {@link #problem(String)}, but tab, line feed and carriage return are allowed. */
    public static String freeTextProblem(String text) {
        return scan(text, true);
    }

    /**
     * Checks every object key (as an identifier-like label, {@link #problem}) and every string value (as free
     * text) of a JSON tree, depth first. Returns null, or the JSON path of the first offence and its reason.
     */
    public static String jsonProblem(JsonNode node) {
        return json(node, "");
    }

    private static String json(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            String reason = freeTextProblem(node.textValue());
            return reason == null ? null : (path.isEmpty() ? "" : path + ": ") + reason;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String keyReason = problem(field.getKey());
                if (keyReason != null) {
                    return (path.isEmpty() ? "" : path + ": ") + "key " + keyReason;
                }
                String inner = json(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String inner = json(node.get(i), path + "[" + i + "]");
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static String scan(String text, boolean freeText) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                continue; // printable ASCII: the common case
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be well-formed Unicode (lone surrogate U+" + hex(c) + " at position " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "must be well-formed Unicode (lone surrogate U+" + hex(c) + " at position " + i + ")";
            }
            if (isControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return "must not contain control characters (U+" + hex(c) + " at position " + i + ")";
            }
        }
        return null;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0);
    }

    private static String hex(char c) {
        String digits = Integer.toHexString(c).toUpperCase();
        return "0".repeat(4 - digits.length()) + digits;
    }
}
