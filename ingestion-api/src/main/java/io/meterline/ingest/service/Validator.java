package io.meterline.ingest.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.meterline.ingest.rest.error.ApiException;
import io.meterline.common.error.FieldError;

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

    /** Optional text of 1..max characters; not blank when present. */
    public Validator text(String field, String value, boolean required, int max) {
        if (value == null) {
            return required ? reject(field, "REQUIRED", "is required") : this;
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

    /** An ISO-8601 instant from a query parameter ({@code 2025-01-31T12:00:00Z} or with an offset); 422 otherwise. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        }
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
