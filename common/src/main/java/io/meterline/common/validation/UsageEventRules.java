package io.meterline.common.validation;

import java.math.BigDecimal;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.EventType;
import io.meterline.common.event.UsageEventV1;

/**
 * The one rule set for a usage event's values, applied by the edge (after it has read the client's JSON into a
 * {@link UsageEventV1}) and by the cost worker (after it has decoded the Kafka record), so that an event the edge
 * accepts is never refused downstream. Only the edge's admission policy stays at the edge: the customer must be the
 * API key's, the timestamp must lie in the accepted window, and metadata has a size limit. Each of those only
 * narrows what the edge accepts, and the worker must not apply them (an event may wait in Kafka for days; a limit
 * may be raised).
 *
 * <p>Rules: every string (customer_id, feature_id, provider, model, unit, user_id, team_id, idempotency_key,
 * reservation_id) is
 * well-formed Unicode without control characters ({@link TextRules#problem}), not blank, and within its length;
 * metadata is a JSON object whose keys and string values pass {@link TextRules#jsonProblem} and whose numbers have at
 * most {@value #MAX_METADATA_DIGITS} digits before and after the point (Postgres JSONB stores numbers in plain form
 * and refuses ones past 131,072 digits); each token counter is 0..{@link #MAX_TOKENS}; quantity is
 * 0..{@link #MAX_QUANTITY} with at most {@value #MAX_QUANTITY_SCALE} decimal places; provider and model are required
 * for TOKEN_USAGE, unit for CUSTOM, quantity for IMAGE_GENERATION, AUDIO and CUSTOM.
 *
 * <p>Bounds, and what they guarantee: money columns are NUMERIC(38,18), so they hold less than 10^20. Even at the
 * admin API's largest price (10^6 USD per unit, unit_size at least 1) four counters of 10^12 tokens cost at most
 * 4 × 10^18 USD and a quantity of 10^12 units 10^18 USD, so every cost fits, and the quantity itself (13 digits
 * before the point, 18 after) fits its NUMERIC(38,18) column. Credits need not: cost × credits per USD (up to 10^9)
 * × price multiplier (up to 1,000) depends on rates and settings at pricing time, not on the event, so it is not
 * checked here. An event whose credits would not fit is REJECTED by the cost worker with the reason (or left
 * UNPRICED by re-pricing), alone: no other event waits for it. A BIGINT counter column can add up more than
 * 9 million maximal events.
 *
 * <p>Pure, thread-safe and allocation-free on the accepted path (apart from walking metadata): it runs for every
 * event on both sides.
 */
public final class UsageEventRules {

    /** Most tokens one counter of one event may hold: 10^12. */
    public static final long MAX_TOKENS = 1_000_000_000_000L;
    /** Largest quantity of one event: 10^12. */
    public static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(MAX_TOKENS);
    /** Decimal places a quantity may have (trailing zeros aside): the scale of its NUMERIC(38,18) column. */
    public static final int MAX_QUANTITY_SCALE = 18;
    /** Longest customer_id: the customers table allows 128 characters. */
    public static final int MAX_CUSTOMER_ID = 128;
    public static final int MAX_FEATURE_ID = 128;
    /** Longest provider, model, unit, user_id and team_id. */
    public static final int MAX_LABEL = 128;
    public static final int MAX_IDEMPOTENCY_KEY = 255;
    /** Longest reservation_id, on an event and on the reservations API: an idempotency key's rule. */
    public static final int MAX_RESERVATION_ID = MAX_IDEMPOTENCY_KEY;
    /** Most digits a metadata number may have before, and after, the decimal point. */
    public static final int MAX_METADATA_DIGITS = 64;

    /** The kind of a violation; the names match the edge's reject codes. */
    public enum Code { MISSING_FIELD, INVALID_TYPE, INVALID_VALUE }

    /** Why an event breaks the rules: the field (as named on the wire), the kind and words a client can act on. */
    public record Violation(String field, Code code, String message) {

        /** As the cost worker reports it: {@code "feature_id: must not contain ..."}. */
        public String reason() {
            return field + ": " + message;
        }
    }

    private UsageEventRules() {
    }

    /** Null when the event keeps every rule; otherwise the first rule it breaks (fields in a fixed order). */
    public static Violation check(UsageEventV1 e) {
        if (e.eventId() == null) {
            return missing("event_id");
        }
        Violation v = text("customer_id", e.customerId(), MAX_CUSTOMER_ID, true);
        if (v != null) {
            return v;
        }
        if (e.eventType() == null) {
            return missing("event_type");
        }
        boolean tokens = e.eventType() == EventType.TOKEN_USAGE;
        if ((v = text("feature_id", e.featureId(), MAX_FEATURE_ID, true)) != null
                || (v = text("provider", e.provider(), MAX_LABEL, tokens)) != null
                || (v = text("model", e.model(), MAX_LABEL, tokens)) != null
                || (v = tokens("input_tokens", e.inputTokens())) != null
                || (v = tokens("cached_input_tokens", e.cachedInputTokens())) != null
                || (v = tokens("cache_write_tokens", e.cacheWriteTokens())) != null
                || (v = tokens("output_tokens", e.outputTokens())) != null
                || (v = quantity(e.quantity(), e.eventType())) != null
                || (v = text("unit", e.unit(), MAX_LABEL, e.eventType() == EventType.CUSTOM)) != null) {
            return v;
        }
        if (e.timestamp() == null) {
            return missing("timestamp");
        }
        if ((v = text("user_id", e.userId(), MAX_LABEL, false)) != null
                || (v = text("team_id", e.teamId(), MAX_LABEL, false)) != null
                || (v = metadata(e.metadata())) != null) {
            return v;
        }
        if ((v = text("idempotency_key", e.idempotencyKey(), MAX_IDEMPOTENCY_KEY, false)) != null) {
            return v;
        }
        return text("reservation_id", e.reservationId(), MAX_RESERVATION_ID, false);
    }

    private static Violation text(String field, String value, int maxLength, boolean required) {
        if (value == null) {
            return required ? missing(field) : null;
        }
        if (value.isBlank()) {
            return required ? missing(field) : new Violation(field, Code.INVALID_VALUE, "must not be blank");
        }
        if (value.length() > maxLength) {
            return new Violation(field, Code.INVALID_VALUE, "must be at most " + maxLength + " characters");
        }
        String problem = TextRules.problem(value);
        return problem == null ? null : new Violation(field, Code.INVALID_VALUE, problem);
    }

    private static Violation tokens(String field, long count) {
        if (count < 0) {
            return new Violation(field, Code.INVALID_VALUE, "must not be negative");
        }
        return count > MAX_TOKENS ? new Violation(field, Code.INVALID_VALUE, "must be at most " + MAX_TOKENS) : null;
    }

    private static Violation quantity(BigDecimal quantity, EventType type) {
        if (quantity == null) {
            return type == EventType.IMAGE_GENERATION || type == EventType.AUDIO || type == EventType.CUSTOM
                    ? new Violation("quantity", Code.MISSING_FIELD, "is required for " + type) : null;
        }
        if (quantity.signum() < 0) {
            return new Violation("quantity", Code.INVALID_VALUE, "must not be negative");
        }
        if (quantity.compareTo(MAX_QUANTITY) > 0) {
            return new Violation("quantity", Code.INVALID_VALUE, "must be at most " + MAX_TOKENS);
        }
        if (quantity.scale() > MAX_QUANTITY_SCALE && quantity.stripTrailingZeros().scale() > MAX_QUANTITY_SCALE) {
            return new Violation("quantity", Code.INVALID_VALUE,
                    "must have at most " + MAX_QUANTITY_SCALE + " digits after the point");
        }
        return null;
    }

    /**
     * The metadata rule (a JSON object whose keys and strings pass {@link TextRules#jsonProblem} and whose numbers
     * fit {@value #MAX_METADATA_DIGITS} digits either side of the point), for every API that stores metadata.
     */
    public static Violation metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject()) {
            return new Violation("metadata", Code.INVALID_TYPE, "must be a JSON object");
        }
        String problem = TextRules.jsonProblem(metadata);
        if (problem == null) {
            problem = numberProblem(metadata);
        }
        return problem == null ? null : new Violation("metadata", Code.INVALID_VALUE, problem);
    }

    /** Null when every number in the tree is finite and within {@link #MAX_METADATA_DIGITS}; else why not. */
    private static String numberProblem(JsonNode node) {
        if (node.isContainerNode()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
                String inner = numberProblem(it.next());
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        if (!node.isNumber() || node.isIntegralNumber() && node.canConvertToLong()) {
            return null; // a long has at most 19 digits
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
            return "numbers must be finite";
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() != 0 && ((long) value.precision() - value.scale() > MAX_METADATA_DIGITS
                || value.scale() > MAX_METADATA_DIGITS && value.stripTrailingZeros().scale() > MAX_METADATA_DIGITS)) {
            return "numbers must have at most " + MAX_METADATA_DIGITS + " digits before and after the decimal point";
        }
        return null;
    }

    private static Violation missing(String field) {
        return new Violation(field, Code.MISSING_FIELD, "is required");
    }
}
