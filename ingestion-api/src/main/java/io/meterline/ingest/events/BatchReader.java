package io.meterline.ingest.events;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.meterline.common.error.JsonErrors;
import io.meterline.ingest.http.ApiException;

/**
 * Reads an ingest body exactly once into the JSON array of its events, or fails with the client error:
 * 415 (Content-Type not JSON, Content-Encoding neither gzip nor identity), 413 (too large, before or after gzip
 * inflation, or too many events), 400 (not JSON, broken gzip, no non-empty {@code events} array). Inflation streams into the parser through
 * a counting cap, so a compression bomb costs at most {@code maxInflatedBytes} of work and no buffer.
 */
public final class BatchReader {

    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final long maxInflatedBytes;
    private final int maxEvents;

    public BatchReader(ObjectMapper mapper, long maxBodyBytes, long maxInflatedBytes, int maxEvents) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.maxInflatedBytes = maxInflatedBytes;
        this.maxEvents = maxEvents;
    }

    public ArrayNode read(String contentType, String contentEncoding, byte[] body) {
        if (!isJson(contentType)) {
            throw ApiException.unsupportedMediaType("Send the batch as Content-Type: application/json");
        }
        if (body.length > maxBodyBytes) {
            throw ApiException.payloadTooLarge("The body is larger than " + maxBodyBytes + " bytes");
        }
        JsonNode root = parse(body, gzip(contentEncoding));
        JsonNode events = root == null ? null : root.get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw ApiException.badRequest("The body must be a JSON object with a non-empty \"events\" array");
        }
        if (events.size() > maxEvents) {
            throw ApiException.payloadTooLarge("A batch holds at most " + maxEvents + " events; this one has " + events.size());
        }
        return (ArrayNode) events;
    }

    private JsonNode parse(byte[] body, boolean gzip) {
        try {
            if (!gzip) {
                return body.length == 0 ? null : mapper.readTree(body);
            }
            try (InputStream in = new Capped(new GZIPInputStream(new ByteArrayInputStream(body), 8192), maxInflatedBytes)) {
                return mapper.readTree(in);
            }
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof TooLarge) {
                throw inflatedTooLarge();
            }
            JsonErrors.Described described = JsonErrors.describe(e); // strict: repeated keys, trailing content
            throw ApiException.badRequest(described != null ? described.error().message() : "The body is not valid JSON");
        } catch (TooLarge e) {
            throw inflatedTooLarge();
        } catch (ZipException | java.io.EOFException e) {
            throw ApiException.badRequest("The body is not valid gzip");
        } catch (IOException e) {
            throw ApiException.badRequest("The body could not be read: " + e.getMessage());
        }
    }

    private ApiException inflatedTooLarge() {
        return ApiException.payloadTooLarge("The body inflates to more than " + maxInflatedBytes + " bytes");
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    private static boolean gzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.trim().equalsIgnoreCase("identity")) {
            return false;
        }
        if (contentEncoding.trim().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw ApiException.unsupportedMediaType("Content-Encoding must be gzip or absent");
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("inflated body too large", null);
        }
    }

    /** Fails once more than {@code cap} bytes have been read through it. */
    private static final class Capped extends FilterInputStream {
        private final long cap;
        private long count;

        Capped(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(int n) throws TooLarge {
            count += n;
            if (count > cap) {
                throw new TooLarge();
            }
        }
    }
}
