package io.meterline.ingest.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.meterline.common.error.FieldError;
import io.meterline.common.validation.TextRules;

/**
 * Keyset paging shared by every list endpoint. A cursor is the sort key of the last row of a page, each part
 * base64url-encoded and joined with '.', so it is opaque to clients yet needs no server-side state.
 * Repositories are asked for {@code limit + 1} rows; the extra row only tells whether another page exists.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /** Far longer than any cursor we issue (a few ids); longer ones are refused before decoding. */
    private static final int MAX_CURSOR_LENGTH = 2048;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Paging() {
    }

    /** The page size asked for, DEFAULT_LIMIT when absent; 422 outside 1..MAX_LIMIT. */
    public static int limit(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(requested.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    public static String encode(String... parts) {
        List<String> encoded = new ArrayList<>(parts.length);
        for (String part : parts) {
            encoded.add(ENCODER.encodeToString(part.getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(".", encoded);
    }

    /**
     * The parts of a cursor, or null when none was sent; 400 when it is not one of ours with that many parts:
     * not base64url, not UTF-8, or holding a character no stored key has (a NUL would fail in Postgres).
     */
    public static String[] decode(String cursor, int parts) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String[] encoded = cursor.split("\\.", -1);
        if (encoded.length != parts || cursor.length() > MAX_CURSOR_LENGTH) {
            throw invalidCursor();
        }
        String[] decoded = new String[parts];
        try {
            for (int i = 0; i < parts; i++) {
                decoded[i] = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(DECODER.decode(encoded[i])))
                        .toString();
                if (TextRules.problem(decoded[i]) != null) {
                    throw invalidCursor();
                }
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw invalidCursor();
        }
        return decoded;
    }

    /** A cursor holding one number (an id or a seq), or null when none was sent; 400 as {@link #decode}. */
    public static Long decodeLong(String cursor) {
        String[] parts = decode(cursor, 1);
        try {
            return parts == null ? null : Long.valueOf(parts[0]);
        } catch (NumberFormatException e) {
            throw invalidCursor();
        }
    }

    /** The (timestamp, id) sort key of the last row of the previous page; both null on the first page. */
    public record TimeAndId(Instant time, UUID id) {
    }

    /** A cursor of a list sorted by a timestamp and a UUID (created_at, id); 400 as {@link #decode}. */
    public static TimeAndId decodeTimeAndId(String cursor) {
        String[] parts = decode(cursor, 2);
        if (parts == null) {
            return new TimeAndId(null, null);
        }
        try {
            return new TimeAndId(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw invalidCursor();
        }
    }

    public static ApiException invalidCursor() {
        return new ApiException(400, "INVALID_CURSOR", "cursor: is not a cursor returned by this endpoint",
                List.of(new FieldError("cursor", "INVALID", "is not a cursor returned by this endpoint")), Map.of());
    }

    /** Cuts {@code rows} (fetched with limit + 1) to a page and derives the next cursor from its last row. */
    public static <R, V> Page<V> page(List<R> rows, int limit, Function<R, V> view, Function<R, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<R> kept = more ? rows.subList(0, limit) : rows;
        return new Page<>(kept.stream().map(view).toList(), more ? cursorOf.apply(kept.get(kept.size() - 1)) : null);
    }
}
