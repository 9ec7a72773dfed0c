package io.meterline.loadgen.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request to {@code POST /v1/events/ingest} for one customer: its events, written with every non-ASCII
 * character escaped or raw, and optionally hostile bytes after the document or instead of it.
 *
 * @param trailing  bytes after the JSON document (null: none); the batch must then be a 400
 * @param rawBody   bytes sent instead of the events (a broken document); the batch must then be a 400
 */
public record HostileBatch(String customerId, List<HostileEvent> events, boolean ascii, byte[] trailing,
                           byte[] rawBody) {

    public HostileBatch {
        events = List.copyOf(events);
    }

    public static HostileBatch of(String customerId, List<HostileEvent> events, boolean ascii) {
        return new HostileBatch(customerId, events, ascii, null, null);
    }

    public byte[] body() {
        if (rawBody != null) {
            return rawBody.clone();
        }
        StringBuilder out = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            out.append(i == 0 ? "" : ",").append(events.get(i).json(ascii));
        }
        byte[] document = out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        if (trailing == null) {
            return document;
        }
        byte[] all = java.util.Arrays.copyOf(document, document.length + trailing.length);
        System.arraycopy(trailing, 0, all, document.length, trailing.length);
        return all;
    }

    /** The whole-batch answer the documents demand, or null when each event is answered on its own. */
    public Expect batchExpect() {
        if (rawBody != null || trailing != null) {
            return Expect.batch400(rawBody != null ? "broken document" : "content after the document");
        }
        // the document is parsed (400: a repeated key) before any event's customer is compared (403)
        Expect forbidden = null;
        for (HostileEvent e : events) {
            if (e.expect().kind() == Expect.Kind.BATCH_400) {
                return e.expect();
            }
            if (e.expect().kind() == Expect.Kind.BATCH_403) {
                forbidden = e.expect();
            }
        }
        return forbidden;
    }
}
