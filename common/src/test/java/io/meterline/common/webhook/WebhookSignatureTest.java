package io.meterline.common.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    // The test vector published with the Standard Webhooks libraries (libraries/javascript/src/webhook.test.ts,
    // "sign function works"; the same in the Python, Go and Java tests).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String PAYLOAD = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsThePublishedTestVector() {
        assertEquals(EXPECTED, WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, PAYLOAD));
    }

    @Test
    void thePrefixIsOptionalAsInTheOfficialLibraries() {
        assertEquals(EXPECTED, WebhookSignature.sign(SECRET.substring(6), MSG_ID, TIMESTAMP, PAYLOAD));
    }

    @Test
    void everyPartOfTheSignedContentMatters() {
        assertNotEquals(EXPECTED, WebhookSignature.sign(SECRET, MSG_ID + "x", TIMESTAMP, PAYLOAD));
        assertNotEquals(EXPECTED, WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP + 1, PAYLOAD));
        assertNotEquals(EXPECTED, WebhookSignature.sign(SECRET, MSG_ID, TIMESTAMP, PAYLOAD + " "));
    }

    @Test
    void twoSecretsGiveTwoSpaceSeparatedSignaturesCurrentFirst() {
        String other = WebhookSignature.newSecret();
        String header = WebhookSignature.header(List.of(other, SECRET), MSG_ID, TIMESTAMP, PAYLOAD);
        String[] parts = header.split(" ");
        assertEquals(2, parts.length);
        assertEquals(WebhookSignature.sign(other, MSG_ID, TIMESTAMP, PAYLOAD), parts[0]);
        assertEquals(EXPECTED, parts[1]);
        assertEquals(EXPECTED, WebhookSignature.header(List.of(SECRET), MSG_ID, TIMESTAMP, PAYLOAD));
    }

    @Test
    void newSecretsAreWhsecAndAtLeast24RandomBytes() {
        String a = WebhookSignature.newSecret();
        String b = WebhookSignature.newSecret();
        assertTrue(a.startsWith("whsec_"), a);
        assertTrue(WebhookSignature.key(a).length >= 24);
        assertEquals(WebhookSignature.SECRET_BYTES, Base64.getDecoder().decode(a.substring(6)).length);
        assertNotEquals(a, b);
    }

    @Test
    void anUnusableSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_"));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.key("whsec_not base64!"));
    }
}
