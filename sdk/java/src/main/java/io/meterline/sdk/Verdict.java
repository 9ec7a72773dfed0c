package io.meterline.sdk;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one answer of {@code POST /v1/events/ingest} means for the batch sent (docs/ingestion-api.md). Pure, so the
 * table of answers is unit-tested without a server.
 *
 * <ul>
 * <li>202/200: settled; per-event errors fail their events, except {@code IN_FLIGHT} ones, which are re-sent.
 * <li>Network error, 429, 409 {@code IN_FLIGHT}, 503 (and 500/502/504, what a proxy in front of the API answers for
 *     a dead upstream): retry the same batch unchanged, after Retry-After if given. The events keep their ids, so
 *     the API's dedup (Redis, then the Postgres key) makes a retry safe whatever the first attempt did.
 * <li>422: nothing was accepted; the listed events fail, the others were duplicates (already accepted earlier).
 * <li>403 with details: the listed (foreign customer) events fail, the others are re-sent without them.
 * <li>413: the batch is split in two (a server configured below the SDK's limits).
 * <li>Any other 4xx: every event of the batch fails with the answer's code; never retried.
 * </ul>
 */
sealed interface Verdict {

    /** Sent again unchanged after {@code retryAfter} (null: the client's backoff alone). */
    record Retry(Duration retryAfter, String reason) implements Verdict {
    }

    /** Settled: {@code sent} events accepted or duplicates; {@code failed} by index; {@code resend} by index. */
    record Settled(int sent, List<EventFailure> failed, List<Integer> resend) implements Verdict {
    }

    record Split() implements Verdict {
    }

    record FailAll(int status, String code, String message) implements Verdict {
    }

    record EventFailure(int index, int status, String code, String field, String message) {
    }

    Set<Integer> RETRY_STATUSES = Set.of(429, 500, 502, 503, 504);

    static Verdict network(Exception e) {
        return new Retry(null, "network error: " + e);
    }

    static Verdict of(int status, byte[] body, String retryAfterHeader, int batchSize) {
        JsonNode json = Json.read(body);
        String code = json.path("error").asText(status == 200 || status == 202 ? "" : "HTTP_" + status);
        String message = json.path("message").asText("HTTP " + status);
        Duration retryAfter = retryAfter(retryAfterHeader);
        if (status == 200 || status == 202) {
            return settled(status, json.path("errors"), batchSize, false);
        }
        if (RETRY_STATUSES.contains(status) || (status == 409 && "IN_FLIGHT".equals(code))) {
            return new Retry(retryAfter, status + " " + code + ": " + message);
        }
        if (status == 422 && json.path("details").isArray() && json.path("details").size() > 0) {
            return settled(status, json.path("details"), batchSize, false);
        }
        if (status == 403 && json.path("details").isArray() && json.path("details").size() > 0) {
            return settled(status, json.path("details"), batchSize, true);
        }
        if (status == 413 && batchSize > 1) {
            return new Split();
        }
        return new FailAll(status, code, message);
    }

    /**
     * Per-event errors by index. With {@code resendOthers} (403: nothing was accepted) the events not listed are
     * re-sent; otherwise they count as sent (accepted, or duplicates of an accepted event).
     */
    private static Verdict settled(int status, JsonNode errors, int batchSize, boolean resendOthers) {
        List<EventFailure> failed = new ArrayList<>();
        List<Integer> resend = new ArrayList<>();
        boolean[] listed = new boolean[batchSize];
        for (JsonNode e : errors) {
            int index = e.path("index").asInt(-1);
            if (index < 0 || index >= batchSize || listed[index]) {
                continue;
            }
            listed[index] = true;
            String code = e.path("code").asText("UNKNOWN");
            if ("IN_FLIGHT".equals(code)) {
                resend.add(index);
            } else {
                failed.add(new EventFailure(index, status, code, e.path("field").isTextual() ? e.get("field").asText() : null,
                        e.path("message").asText(code)));
            }
        }
        int sent = 0;
        for (int i = 0; i < batchSize; i++) {
            if (!listed[i]) {
                if (resendOthers) resend.add(i); else sent++;
            }
        }
        return new Settled(sent, failed, resend);
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) return null;
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }
}
