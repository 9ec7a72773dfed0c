package io.meterline.loadgen.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The events an answer names as not accepted: {@code errors} of a 202, {@code details} of a 409 or 422, each
 * {@code {"index", "code", ...}}. Events still being published by another request ({@code IN_FLIGHT}) are kept
 * apart: neither accepted nor refused, they are to be sent again.
 *
 * @param refused  indexes of events refused for good (validation)
 * @param inFlight indexes of events to send again
 */
public record Refusals(Set<Integer> refused, Set<Integer> inFlight) {

    public static final Refusals NONE = new Refusals(Set.of(), Set.of());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Refusals of(Answer answer) {
        int status = answer.status();
        if (status != 200 && status != 202 && status != 409 && status != 422) {
            return NONE;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(answer.body());
        } catch (IOException e) {
            return NONE;
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        Set<Integer> refused = new HashSet<>();
        Set<Integer> inFlight = new HashSet<>();
        JsonNode list = root.has("errors") ? root.get("errors") : root.path("details");
        for (JsonNode error : list) {
            JsonNode index = error.get("index");
            if (index != null && index.canConvertToInt()) {
                ("IN_FLIGHT".equals(error.path("code").asText()) ? inFlight : refused).add(index.asInt());
            }
        }
        return new Refusals(Set.copyOf(refused), Set.copyOf(inFlight));
    }
}
