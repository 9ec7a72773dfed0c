package io.meterline.sdk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One direct call (not the event batches): sends a JSON request and reads the answer, retrying only where a retry
 * cannot do harm: a network error, 429 or 503, after the backoff (Retry-After a lower bound), at most
 * {@code retries} times, with the very same body. Every body that writes carries its idempotency key (request_id,
 * refund_id, reservation_id), fixed by the caller before the first attempt, so a retry after a lost answer is
 * recognised by the API (200 with the original) and never charges, refunds or holds twice. Any other answer is
 * final: 2xx is returned, an error body becomes a {@link MeterlineException} (402 INSUFFICIENT_CREDITS the typed
 * {@link InsufficientCreditsException}).
 */
final class DirectTransport {
    private static final TypeReference<List<Map<String, Object>>> DETAILS = new TypeReference<>() { };

    /** A 2xx answer: its body and whether it was 201 Created. */
    record Answer(JsonNode body, boolean created) {
    }

    private final HttpClient http;
    private final URI baseUrl;
    private final String apiKey;
    private final Duration timeout;
    private final Backoff backoff;
    private final int retries;

    DirectTransport(HttpClient http, URI baseUrl, String apiKey, Duration timeout, Backoff backoff, int retries) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.backoff = backoff;
        this.retries = retries;
    }

    /** The 2xx answer; empty for a 404 when {@code notFoundIsEmpty}. {@code path} is relative, without a leading /. */
    Optional<Answer> call(String method, String path, JsonNode body, boolean notFoundIsEmpty) {
        HttpRequest.Builder b = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(timeout)
                .header("X-Api-Key", apiKey).header("Accept", "application/json")
                .header("User-Agent", "meterline-sdk-java/0.1");
        HttpRequest request = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()).build()
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body))).build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (attempt >= retries) throw new MeterlineException(0, "NETWORK_ERROR", e.toString(), null, e);
                pause(attempt, null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeterlineException(0, "NETWORK_ERROR", "interrupted", null, e);
            }
            int status = response.statusCode();
            if ((status == 429 || status == 503) && attempt < retries) {
                pause(attempt, Verdict.retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
                continue;
            }
            JsonNode answer = Json.read(response.body());
            if (status >= 200 && status < 300) return Optional.of(new Answer(answer, status == 201));
            if (status == 404 && notFoundIsEmpty) return Optional.empty();
            throw error(status, answer);
        }
    }

    static MeterlineException error(int status, JsonNode body) {
        List<Map<String, Object>> details = body.path("details").isArray()
                ? Json.MAPPER.convertValue(body.get("details"), DETAILS) : List.of();
        String code = body.path("error").asText("HTTP_" + status);
        String message = body.path("message").asText("");
        if (status == 402 && "INSUFFICIENT_CREDITS".equals(code)) {
            return new InsufficientCreditsException(message, details, Json.decimal(body, "available"),
                    Json.decimal(body, body.has("estimate") ? "estimate" : "amount"));
        }
        return new MeterlineException(status, code, message, details, null);
    }

    private void pause(int attempt, Duration retryAfter) {
        try {
            Thread.sleep(backoff.delay(attempt, retryAfter).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeterlineException(0, "NETWORK_ERROR", "interrupted while waiting to retry", null, e);
        }
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable: " + e.getMessage(), e);
        }
    }
}
