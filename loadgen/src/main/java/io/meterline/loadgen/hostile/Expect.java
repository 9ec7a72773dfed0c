package io.meterline.loadgen.hostile;

/**
 * What the documented rules (docs/ingestion-api.md) say the edge must answer for one generated event.
 *
 * @param kind  ACCEPT: accepted (or a duplicate); REJECT: refused with an error naming {@code field}; EITHER: a
 *              case the documentation leaves open, either is fine but a refusal must name {@code field}; BATCH_400 /
 *              BATCH_403: the event makes the whole batch a 400 / 403 in the one error shape
 * @param field the field a refusal must name (null for ACCEPT)
 * @param why   the planted defect, for failure messages
 */
public record Expect(Kind kind, String field, String why) {

    public enum Kind { ACCEPT, REJECT, EITHER, BATCH_400, BATCH_403 }

    public static final Expect ACCEPT = new Expect(Kind.ACCEPT, null, "clean");

    public static Expect reject(String field, String why) {
        return new Expect(Kind.REJECT, field, why);
    }

    public static Expect either(String field, String why) {
        return new Expect(Kind.EITHER, field, why);
    }

    public static Expect batch400(String why) {
        return new Expect(Kind.BATCH_400, null, why);
    }

    public static Expect batch403(String why) {
        return new Expect(Kind.BATCH_403, "customer_id", why);
    }

    public boolean wholeBatch() {
        return kind == Kind.BATCH_400 || kind == Kind.BATCH_403;
    }
}
