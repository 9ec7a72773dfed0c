package io.meterline.testing.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * One hostile request and the answers it may get. Every case expects a 4xx in the one error shape; none may change
 * anything (the runner checks the books around the whole corpus).
 *
 * @param name what the case tries, unique in the corpus
 * @param method the HTTP method
 * @param target the request target as sent on the wire (path and query, not re-encoded)
 * @param auth whose credentials go with it
 * @param headers extra header lines without CRLF ({@code Content-Type} included when the case sets one)
 * @param body the bytes sent (empty: no body)
 * @param expected the statuses the API documents for it
 */
public record HostileCase(String name, String method, String target, Auth auth, List<String> headers, byte[] body,
        Set<Integer> expected) {

    /** The credentials a case sends. */
    public enum Auth {
        /** The corpus customer's API key. */
        KEY,
        /** Another customer's API key. */
        OTHER_KEY,
        /** A revoked key of the corpus customer. */
        REVOKED_KEY,
        /** A well-formed key nobody issued. */
        UNKNOWN_KEY,
        /** The admin token. */
        ADMIN,
        /** A wrong admin token. */
        WRONG_ADMIN,
        /** None at all. */
        NONE
    }

    static final List<String> JSON = List.of("Content-Type: application/json");

    /** A JSON body (text as given, not validated: it is meant to be broken). */
    static HostileCase json(String name, String method, String target, Auth auth, String body, Integer... expected) {
        return new HostileCase(name, method, target, auth, JSON, body.getBytes(StandardCharsets.UTF_8),
                Set.of(expected));
    }

    /** A request without a body. */
    static HostileCase bare(String name, String method, String target, Auth auth, Integer... expected) {
        return new HostileCase(name, method, target, auth, List.of(), new byte[0], Set.of(expected));
    }

    @Override
    public String toString() {
        return name + " (" + method + " " + target + ")";
    }
}
