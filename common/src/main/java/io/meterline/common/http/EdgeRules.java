package io.meterline.common.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.meterline.common.error.ApiError;
import io.meterline.common.error.FieldError;

/**
 * What every Meterline HTTP service refuses before routing, so that each refusal can carry the one error body
 * (the HTTP codec and Quarkus's own checks answer with an empty one). Pure and Vert.x-free; each service applies
 * these rules in its first router handler, ahead of every route that matches by path.
 *
 * <p>The HTTP codec's own limits ({@code quarkus.http.limits.max-initial-line-length} and {@code max-header-size},
 * 64 KiB in every service) sit well above {@link #MAX_URI_LENGTH} and {@link #MAX_HEADER_BYTES}: a request between
 * the two reaches the router and gets a JSON 414/431 from here. Only a request line or headers past the codec's
 * limit still get a bare 414/431, and no service can change that. Netty's HTTP decoder stops reading there and
 * hands Vert.x a request marked as not decoded; Vert.x passes such a request not to the server's request handler
 * (Quarkus's router, where these rules run) but to the server's invalid-request handler, whose default
 * ({@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER}) sends the status alone and closes the connection.
 * That handler can only be replaced on the {@code HttpServer} before it listens, and Quarkus 3.34 creates and
 * starts its servers without exposing them ({@code HttpServerOptionsCustomizer} and the {@code HttpServerStart}
 * event see only the options). Raising the codec's limits only moves the boundary, at the price of buffering a
 * longer line or header block per connection.
 *
 * <p>Quarkus validates the request-target itself (with {@link URI}) and answers a bare 400 before any handler
 * runs, unless the JVM runs with {@value #QUARKUS_URI_CHECK_OFF}; each service's main class sets it through
 * {@link #takeOverUriCheck()}, and {@link #uriProblem(String)} then does the same check and more, with a body.
 */
public final class EdgeRules {

    /** Longest request-target (path and query) served; longer ones are 414. */
    public static final int MAX_URI_LENGTH = 8192;
    /** Most header bytes (names, values and separators) accepted; more is 431. Quarkus's default limit. */
    public static final int MAX_HEADER_BYTES = 20 * 1024;
    /** JVM system property that turns Quarkus's bare-400 URI check off (read once, when Quarkus starts). */
    public static final String QUARKUS_URI_CHECK_OFF = "vertx.disableURIValidation";

    private EdgeRules() {
    }

    /**
     * Hands the request-target check from Quarkus to the service ({@link #uriProblem}). Must run before Quarkus
     * starts, i.e. in {@code main}; tests set the property in the module's surefire configuration.
     */
    public static void takeOverUriCheck() {
        System.setProperty(QUARKUS_URI_CHECK_OFF, "true");
    }

    /** Whether this JVM runs with the check taken over (false: malformed targets still get Quarkus's bare 400). */
    public static boolean uriCheckTakenOver() {
        return Boolean.getBoolean(QUARKUS_URI_CHECK_OFF);
    }

    /**
     * Null when {@code uri} is a request-target the API can read, else why not: it must be printable ASCII, parse
     * as a URI (every {@code %} followed by two hex digits; what Quarkus checks) and each run of percent-escapes
     * must decode to UTF-8 (else the server would silently read U+FFFD). Length is checked apart (414).
     */
    public static String uriProblem(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "is empty";
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return String.format("holds the character U+%04X at index %d; send it percent-encoded as UTF-8", (int) c, i);
            }
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            return "is not a valid URI: " + e.getReason() + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "");
        }
        return escapesProblem(uri);
    }

    /** Each run of consecutive %XX escapes (already known well-formed) must be UTF-8. */
    private static String escapesProblem(String uri) {
        int i = uri.indexOf('%');
        while (i >= 0) {
            int start = i;
            ByteBuffer bytes = ByteBuffer.allocate((uri.length() - i) / 3 + 1);
            while (i + 2 < uri.length() && uri.charAt(i) == '%') {
                bytes.put((byte) Integer.parseInt(uri, i + 1, i + 3, 16));
                i += 3;
            }
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes.flip());
            } catch (CharacterCodingException e) {
                return "holds percent-escapes that are not UTF-8 at index " + start;
            }
            i = uri.indexOf('%', i);
        }
        return null;
    }

    /** Bytes the headers take on the wire, as the HTTP codec counts them (name, ": ", value per line). */
    public static long headerBytes(Iterable<Map.Entry<String, String>> headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + 2L + header.getValue().length();
        }
        return bytes;
    }

    /** The declared Content-Length, or -1 when absent or unreadable (the codec refuses those anyway). */
    public static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** 400 for a request-target {@link #uriProblem} refused, naming the field {@code uri}. */
    public static ApiError malformedUri(String problem) {
        return new ApiError("BAD_REQUEST", "The request target " + problem,
                List.of(new FieldError("uri", "MALFORMED_URI", problem)));
    }

    /** The body of a status the edge produces itself (414, 431, 413, ...), with its standard code and message. */
    public static ApiError refusal(int status) {
        return new ApiError(ApiError.codeFor(status), ApiError.messageFor(status), List.of());
    }
}
