package io.meterline.cost.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A re-rating job as its runner sees it while holding the job's row lock: what it covers, where its scan stands
 * (the last usage key it examined) and whether the scan is over (then only settling the wallets is left).
 */
public record RerateJob(UUID id, List<Scope> scopes, String cursorCustomer, String cursorDedupKey, boolean scanned) {

    /** Usage rows of provider/model (or one of its aliases) whose event_time is in [from, until); until null = no end. */
    public record Scope(String provider, String model, Instant from, Instant until) {
    }
}
