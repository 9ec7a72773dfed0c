package io.meterline.loadgen.generate;

import java.util.List;

/**
 * One request body ({@code {"events": [...]}}) for one customer.
 *
 * @param events      number of events in the body
 * @param resent      how many of them are copies of an event sent before (expected duplicates)
 * @param body        the JSON body, UTF-8
 * @param eventIds    the events' ids in body order (empty when the caller does not track them)
 */
public record Batch(Customer customer, int events, int resent, byte[] body, List<String> eventIds) {

    public Batch {
        eventIds = List.copyOf(eventIds);
    }

    public Batch(Customer customer, int events, int resent, byte[] body) {
        this(customer, events, resent, body, List.of());
    }
}
