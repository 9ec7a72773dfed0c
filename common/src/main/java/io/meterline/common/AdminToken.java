package io.meterline.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deployment's admin token ({@code METERLINE_ADMIN_TOKEN}), as every service with admin endpoints checks it.
 * Both sides are hashed to SHA-256 before {@link MessageDigest#isEqual}, so the time a check takes says nothing
 * about the token, not even its length.
 */
public final class AdminToken {

    private final byte[] expectedHash;

    public AdminToken(String token) {
        this.expectedHash = sha256(token.trim());
    }

    /** True only for the configured token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(expectedHash, sha256(presented.trim()));
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when the header is not one. */
    public static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
