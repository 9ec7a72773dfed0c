package io.meterline.ingest.charges;

/** A charge or refund as answered: created now (201) or the original of a retried request (200). */
public record Outcome<T>(T view, boolean created) {
}
