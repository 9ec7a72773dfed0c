package io.meterline.sdk;

/** A tracked event with its wire bytes (written once, so every retry sends the same bytes) and queue order. */
record Queued(UsageEvent event, byte[] json, long seq) {
}
