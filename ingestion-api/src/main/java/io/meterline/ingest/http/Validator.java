package io.meterline.ingest.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.meterline.common.error.FieldError;
import io.meterline.common.time.InstantJacksonModule;
import io.meterline.common.time.IsoInstant;
import io.meterline.common.validation.TextRules;

/**
 * Collects every field error of one input, so a client sees all of them in one 422, each named
 * (with a prefix such as {@code [3].} for an item of a bulk body).
 */
public final class Validator {

    /** NUMERIC(38,18): at most 20 digits before the point and 18 after. */
    private static final int MAX_INTEGER_DIGITS = 20;
    private static final int MAX_SCALE = 18;

    private final String prefix;
    private final List<FieldError> errors;

    public Validator() {
        this("", new ArrayList<>());
    }

    private Validator(String prefix, List<FieldError> errors) {
        this.prefix = prefix;
        this.errors = errors;
    }

    /** A validator for item {@code index} of a bulk body, sharing this one's errors. */
    public Validator item(int index) {
        return new Validator(prefix + "[" + index + "].", errors);
    }

    public Validator reject(String field, String code, String message) {
        errors.add(new FieldError(prefix + field, code, message));
        return this;
    }

    public Validator required(String field, Object value) {
        return value == null ? reject(field, "REQUIRED", "is required") : this;
    }

    /**
     * An identifier or label of 1..max characters: not blank, well-formed Unicode, no control character
     * ({@link TextRules#problem}), so it can neither reach Postgres as a NUL nor be stored as {@code ?}.
     */
    public Validator text(String field, String value, boolean required, int max) {
        return string(field, value, required, max, TextRules.problem(value));
    }

    /** Free text (descriptions, reasons): as {@link #text}, but tab, line feed and carriage return are allowed. */
    public Validator freeText(String field, String value, boolean required, int max) {
        return string(field, value, required, max, TextRules.freeTextProblem(value));
    }

    private Validator string(String field, String value, boolean required, int max, String problem) {
        if (value == null) {
            return required ? reject(field, "REQUIRED", "is required") : this;
        }
        if (problem != null) {
            return reject(field, "INVALID_TEXT", problem);
        }
        if (value.isBlank()) {
            return reject(field, "BLANK", "must not be blank");
        }
        return value.length() > max ? reject(field, "TOO_LONG", "must be at most " + max + " characters") : this;
    }

    public Validator pattern(String field, String value, String regex, String description) {
        return value != null && !value.matches(regex) ? reject(field, "INVALID", description) : this;
    }

    /** Which signs a money field accepts. */
    public enum Sign { POSITIVE, NON_NEGATIVE, NON_ZERO }

    /** A decimal of the allowed sign that fits the money columns. */
    public Validator money(String field, BigDecimal value, boolean required, Sign sign) {
        return money(field, value, required, sign, null);
    }

    /**
     * As {@link #money(String, BigDecimal, boolean, Sign)}, and at most {@code maxAbs} in absolute value, so that
     * what is stored leaves room for every later sum and product (see {@link MoneyBounds}).
     */
    public Validator money(String field, BigDecimal value, boolean required, Sign sign, BigDecimal maxAbs) {
        if (value == null) {
            return required ? reject(field, "REQUIRED", "is required") : this;
        }
        if (sign == Sign.POSITIVE && value.signum() <= 0) {
            return reject(field, "NOT_POSITIVE", "must be a positive decimal");
        }
        if (sign == Sign.NON_NEGATIVE && value.signum() < 0) {
            return reject(field, "NEGATIVE", "must not be negative");
        }
        if (sign == Sign.NON_ZERO && value.signum() == 0) {
            return reject(field, "ZERO", "must not be zero");
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > MAX_SCALE) {
            return reject(field, "TOO_PRECISE", "must have at most " + MAX_SCALE + " decimal places");
        }
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            return reject(field, "TOO_LARGE", "must have at most " + MAX_INTEGER_DIGITS + " digits before the point");
        }
        if (maxAbs != null && value.abs().compareTo(maxAbs) > 0) {
            return reject(field, "TOO_LARGE", "must be at most " + maxAbs.toPlainString() + " in absolute value");
        }
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Throws one 422 naming every rejected field, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(List.copyOf(errors));
        }
    }

    /** An RFC 3339 instant from a query parameter ({@link IsoInstant#parseStrict}); 422 otherwise. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant = IsoInstant.parseStrict(value.trim());
        if (instant == null) {
            throw ApiException.invalid(field, InstantJacksonModule.DATE_RULE);
        }
        return instant;
    }

    /** A decimal from a query parameter; 422 otherwise. */
    public static BigDecimal decimal(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "must be a decimal number such as 12.50");
        }
    }
}
