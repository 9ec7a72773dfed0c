package io.meterline.loadgen.generate;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A customer the load generator sends for, with the API key that authenticates its batches.
 * Every batch holds events of one customer only: the ingest API refuses a batch whose customer_id is not the key's.
 */
public record Customer(String id, String apiKey) {

    /** The customer id rule of the schema (customers.id CHECK), so generated JSON never needs escaping. */
    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");

    public Customer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(apiKey, "apiKey");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a valid customer id: '" + id + "'");
        }
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("empty API key for customer " + id);
        }
    }

    /** Never prints the key itself. */
    @Override
    public String toString() {
        return "Customer[" + id + "]";
    }
}
