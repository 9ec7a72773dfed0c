package io.meterline.ingest.events;

import java.util.List;
import java.util.UUID;

/** What happened to a batch: how many events were published, skipped as duplicates, or rejected (errors). */
public record IngestOutcome(UUID batchId, int accepted, int duplicates, List<IngestError> errors) {
}
