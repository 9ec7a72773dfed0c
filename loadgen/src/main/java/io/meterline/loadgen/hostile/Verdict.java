package io.meterline.loadgen.hostile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.loadgen.client.Answer;

/**
 * Judges the answer to one hostile batch against what each event's {@link Expect} demands: never a 5xx; a 4xx in
 * the one error shape ({@code {"error", "message", "details"?}}); a batch-level defect answered 400 (403 for another
 * customer's id) and nothing accepted; otherwise 200 {@code all_duplicates}, 202 or 422 whose errors refuse exactly
 * the events planted to be refused, each naming the planted field, and whose counts add up.
 *
 * @param failures   what went wrong, one line each (empty: the answer is right)
 * @param notRefused per event: accepted or a duplicate (the answer does not tell these two apart)
 */
public record Verdict(List<String> failures, boolean[] notRefused, int status) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> BAD_REQUEST = Set.of("BAD_REQUEST", "MALFORMED_JSON");

    public static Verdict judge(HostileBatch batch, Answer answer) {
        List<String> failures = new ArrayList<>();
        int n = batch.events().size();
        boolean[] notRefused = new boolean[n];
        int status = answer.status();
        if (status < 0) {
            return new Verdict(List.of("no answer"), notRefused, status);
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(answer.body());
        } catch (IOException e) {
            body = null;
        }
        if (status >= 500) {
            failures.add("answered " + status + ": " + text(answer));
        }
        if (body == null || !body.isObject()) {
            failures.add("answered " + status + " without a JSON object: " + text(answer));
            return new Verdict(failures, notRefused, status);
        }
        if (status >= 400 && !(body.path("error").isTextual() && body.path("message").isTextual()
                && (body.path("details").isMissingNode() || body.path("details").isArray()))) {
            failures.add("answered " + status + " outside the one error shape: " + text(answer));
        }
        Expect whole = batch.batchExpect();
        if (whole != null) {
            int wanted = whole.kind() == Expect.Kind.BATCH_400 ? 400 : 403;
            String code = body.path("error").asText();
            if (status != wanted || (wanted == 400 ? !BAD_REQUEST.contains(code) : !"CUSTOMER_MISMATCH".equals(code))) {
                failures.add(whole.why() + ": expected " + wanted + ", answered " + status + ": " + text(answer));
            }
            return new Verdict(failures, notRefused, status);
        }
        if (status != 200 && status != 202 && status != 422) {
            failures.add("expected 200, 202 or 422, answered " + status + ": " + text(answer));
            return new Verdict(failures, notRefused, status);
        }
        Map<Integer, JsonNode> errors = new HashMap<>();
        for (JsonNode error : status == 422 ? body.path("details") : body.path("errors")) {
            errors.put(error.path("index").asInt(-1), error);
        }
        if (status == 200 && !"all_duplicates".equals(body.path("status").asText())) {
            failures.add("200 whose status is not all_duplicates: " + text(answer));
        }
        if (status == 202 && body.path("accepted").asInt() + body.path("duplicates").asInt()
                + body.path("rejected").asInt() != n) {
            failures.add("202 whose counts do not add up to " + n + " events: " + text(answer));
        }
        for (int i = 0; i < n; i++) {
            HostileEvent event = batch.events().get(i);
            JsonNode error = errors.get(i);
            notRefused[i] = error == null;
            String problem = problem(event.expect(), error);
            if (problem != null) {
                failures.add("event " + i + " (" + event.expect().why() + ", " + event.json(true) + "): " + problem);
            }
        }
        return new Verdict(failures, notRefused, status);
    }

    /** Null when the event's answer is what its expectation allows. */
    static String problem(Expect expect, JsonNode error) {
        switch (expect.kind()) {
            case ACCEPT:
                return error == null ? null : "a valid event was refused: " + error;
            case REJECT:
                if (error == null) {
                    return "accepted, expected a refusal naming " + expect.field();
                }
                return names(error, expect.field()) ? null : "refused naming the wrong field: " + error;
            case EITHER:
                return error == null || names(error, expect.field()) ? null : "refused naming the wrong field: " + error;
            default:
                return "a batch-level defect judged per event";
        }
    }

    private static boolean names(JsonNode error, String field) {
        String named = error.path("field").asText("");
        return field == null || named.equals(field) || named.startsWith(field + ".") || named.startsWith(field + "[");
    }

    private static String text(Answer answer) {
        String s = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
