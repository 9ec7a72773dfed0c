package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A small JSON writer for hostile bodies, where a general one gets in the way: a lone UTF-16 surrogate is written
 * as its escape ({@code "\\ud800"}, the only way to put one in UTF-8 JSON), control characters as {@code \\u00XX},
 * other non-ASCII characters raw (UTF-8) unless {@code ascii} asks for every one escaped, and a {@link Raw} value
 * verbatim (numbers such as {@code 1e400} that no Java number writes). Values: Map (insertion order), List, String,
 * Long, Integer, BigInteger, BigDecimal (as {@code toString()}, so {@code 1E+17}), Boolean, null, Raw.
 */
public final class Json {

    /** Text written as it is: a number literal, a nested document, or members appended to an object. */
    public record Raw(String text) {
    }

    private Json() {
    }

    public static String write(Object value, boolean ascii) {
        StringBuilder out = new StringBuilder();
        write(out, value, ascii);
        return out.toString();
    }

    static void write(StringBuilder out, Object value, boolean ascii) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            string(out, s, ascii);
        } else if (value instanceof Long || value instanceof Integer || value instanceof BigInteger
                || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof BigDecimal d) {
            out.append(d);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, (String) e.getKey(), ascii);
                out.append(':');
                write(out, e.getValue(), ascii);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, list.get(i), ascii);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    static void string(StringBuilder out, String s, boolean ascii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (pair && !ascii) {
                out.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || (ascii && c > 0x7e)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
