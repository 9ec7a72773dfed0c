package io.meterline.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** One POST of a batch to /v1/events/ingest, read into a {@link Verdict}; never throws for an HTTP or I/O failure. */
final class IngestSender {
    private static final byte[] HEAD = "{\"events\":[".getBytes();
    private static final byte[] TAIL = "]}".getBytes();
    static final int BODY_OVERHEAD = HEAD.length + TAIL.length;

    private final HttpClient http;
    private final URI uri;
    private final String apiKey;
    private final boolean gzip;
    private final Duration timeout;

    IngestSender(HttpClient http, URI baseUrl, String apiKey, boolean gzip, Duration timeout) {
        this.http = http;
        this.uri = baseUrl.resolve("/v1/events/ingest");
        this.apiKey = apiKey;
        this.gzip = gzip;
        this.timeout = timeout;
    }

    Verdict send(List<Queued> batch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Api-Key", apiKey)
                .header("User-Agent", "meterline-sdk-java/0.1");
        if (gzip) request.header("Content-Encoding", "gzip");
        try {
            HttpResponse<byte[]> response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body(batch))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return Verdict.of(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null), batch.size());
        } catch (IOException e) {
            return Verdict.network(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.network(e);
        }
    }

    byte[] body(List<Queued> batch) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(64 * 1024);
        try (var out = gzip ? new GZIPOutputStream(raw, 64 * 1024) : raw) {
            out.write(HEAD);
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) out.write(',');
                out.write(batch.get(i).json());
            }
            out.write(TAIL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.toByteArray();
    }
}
