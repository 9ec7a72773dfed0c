package io.meterline.loadgen.hostile;

import java.math.BigDecimal;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Judges the answer of {@code GET /v1/events/{id}} for a followed event. */
public final class StatusCheck {

    public static final Set<String> FINAL = Set.of("PRICED", "UNPRICED", "REJECTED");

    private StatusCheck() {
    }

    /**
     * True when the event may still move on from this answer: PENDING, 429, 404 for a first claim (not stored
     * yet; a later claim's 404 is final: a duplicate, never accepted), or UNPRICED for an event the test model
     * prices (stored before the cost worker loaded the new rates: the re-pricing pass prices it).
     */
    public static boolean open(Followed f, int status, JsonNode body, Pricing pricing) {
        String s = body == null ? "" : body.path("status").asText();
        return status == 404 && f.firstClaim() || status == 429 || status == 200 && ("PENDING".equals(s)
                || "UNPRICED".equals(s) && f.firstClaim() && pricing.priceable(f.event()));
    }

    /**
     * Null when the last answer is acceptable; else why not. A first claim must be decided (PRICED, UNPRICED, or
     * REJECTED with a reason), a priceable one PRICED at the oracle's credits; a later claim of its key may also
     * be 404 (a duplicate, never accepted), never PENDING.
     */
    public static String problem(Followed f, int status, JsonNode body, Pricing pricing) {
        String s = body == null ? "" : body.path("status").asText();
        if (status == 404 && !f.firstClaim()) {
            return null;
        }
        if (status != 200 || !FINAL.contains(s)) {
            return "still " + (status == 200 ? s : "answered " + status) + " after the wait: " + f.customer() + " "
                    + f.eventId() + " " + f.event().json(true);
        }
        if (!f.eventId().toString().equals(body.path("event_id").asText())) {
            return "the lookup of " + f.eventId() + " answered another event: " + body;
        }
        if (s.equals("REJECTED") && body.path("reason").asText("").isBlank()) {
            return "REJECTED without a reason: " + body;
        }
        if (f.firstClaim() && pricing.priceable(f.event())) {
            if (!s.equals("PRICED")) {
                return "a priced model's event ended " + s + ": " + body + " " + f.event().json(true);
            }
            BigDecimal want = pricing.credits(f.customer(), f.event(), false);
            BigDecimal got = new BigDecimal(body.path("credits").asText("NaN").replace("NaN", "-1"));
            if (want.compareTo(got) != 0) {
                return "credits " + got + ", the oracle says " + want + ": " + f.event().json(true);
            }
        }
        return null;
    }
}
