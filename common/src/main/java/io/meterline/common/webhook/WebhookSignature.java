package io.meterline.common.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Symmetric signatures of the Standard Webhooks specification (spec/standard-webhooks.md, version 1.0.0): the
 * {@code webhook-signature} header is {@code v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">}, keyed with the
 * base64-decoded bytes of the secret after its {@code whsec_} prefix. Several signatures (a rotated-out secret still
 * signing alongside the new one) are separated by single spaces. The body signed must be the exact bytes sent.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";

    /** Random bytes of a new secret: the specification asks for at least 24 (and at most 64). */
    public static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new signing secret, {@code whsec_} + base64 of {@link #SECRET_BYTES} random bytes. */
    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The HMAC key of a secret: its base64 part, decoded (the prefix is optional, as in the official libraries). */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty webhook secret");
        }
        return key;
    }

    /** One signature, {@code v1,<base64>}. The id and timestamp contain no '.', so the signed content is unambiguous. */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
            mac.update((messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            byte[] digest = mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The {@code webhook-signature} header: one signature per secret (current first), space-separated. */
    public static String header(List<String> secrets, String messageId, long timestampSeconds, String body) {
        List<String> signatures = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            signatures.add(sign(secret, messageId, timestampSeconds, body));
        }
        return String.join(" ", signatures);
    }
}
