package io.meterline.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * API key format and hashing. A key is {@code ml_} followed by 40 random base62 characters (~238 bits);
 * only its SHA-256 is stored, together with a short display prefix.
 */
public final class ApiKeys {

    public static final String KEY_PREFIX = "ml_";
    private static final int RANDOM_CHARS = 40;
    private static final int DISPLAY_PREFIX_LENGTH = 11;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        StringBuilder key = new StringBuilder(KEY_PREFIX.length() + RANDOM_CHARS).append(KEY_PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            key.append(BASE62[RANDOM.nextInt(BASE62.length)]);
        }
        return key.toString();
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** What admins and customers see to tell keys apart, e.g. {@code ml_3fK9aQ2x}. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(DISPLAY_PREFIX_LENGTH, key.length()));
    }
}
