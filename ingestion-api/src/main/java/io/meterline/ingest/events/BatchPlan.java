package io.meterline.ingest.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.meterline.common.event.UsageEventV1;

/**
 * The first, pure step of an ingest: every event validated, and keys repeated within the batch removed
 * (the first copy counts, later copies are duplicates). {@code candidates} still need the cross-batch check.
 */
public record BatchPlan(List<UsageEventV1> candidates, List<Integer> indexes,
                        int duplicates, List<IngestError> errors, List<IngestError> foreignCustomer) {

    public static BatchPlan of(JsonNode events, EventValidator validator, String customerId, UUID batchId,
                               Instant receivedAt) {
        int size = events.size();
        List<UsageEventV1> candidates = new ArrayList<>(size);
        List<Integer> indexes = new ArrayList<>(size);
        List<IngestError> errors = new ArrayList<>();
        List<IngestError> foreign = new ArrayList<>();
        Set<String> seen = new HashSet<>(size * 2);
        int duplicates = 0;
        for (int i = 0; i < size; i++) {
            EventValidator.Checked checked = validator.check(events.get(i), i, customerId, batchId, receivedAt);
            if (checked.error() != null) {
                (checked.error().code() == RejectCode.CUSTOMER_MISMATCH ? foreign : errors).add(checked.error());
                continue;
            }
            String key = checked.event().dedupKey();
            if (!seen.add(key)) {
                duplicates++;
                continue;
            }
            candidates.add(checked.event());
            indexes.add(i);
        }
        return new BatchPlan(candidates, indexes, duplicates, errors, foreign);
    }
}
