package io.meterline.loadgen.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * Reads the ingest API's answer (issue 3): 202 accepted/partial and 200 all_duplicates carry
 * {@code accepted, duplicates, rejected}; 422 means nothing was accepted; any other status means the batch
 * was not taken (401, 403, 413, 429, 503...) and all its events count as failed.
 */
public final class ResponseParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResponseParser() {
    }

    public static IngestOutcome parse(int status, byte[] body, int events) {
        if (status != 200 && status != 202 && status != 422) {
            return new IngestOutcome(status, 0, 0, 0, events);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            return new IngestOutcome(status, 0, 0, 0, events);
        }
        if (root == null || !root.isObject()) {
            return new IngestOutcome(status, 0, 0, 0, events);
        }
        if (status == 422) {
            int rejected = root.path("rejected").asInt(root.path("errors").size());
            int duplicates = root.path("duplicates").asInt(Math.max(0, events - rejected));
            return new IngestOutcome(status, 0, duplicates, rejected, 0);
        }
        return new IngestOutcome(status, root.path("accepted").asInt(0), root.path("duplicates").asInt(0),
                root.path("rejected").asInt(0), 0);
    }
}
