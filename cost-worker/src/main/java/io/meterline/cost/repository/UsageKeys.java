package io.meterline.cost.repository;

/** The primary key of usage_events, (customer_id, dedup_key), as one string for hash lookups. */
public final class UsageKeys {

    private UsageKeys() {
    }

    public static String of(String customerId, String dedupKey) {
        return customerId + '\u0001' + dedupKey;
    }
}
