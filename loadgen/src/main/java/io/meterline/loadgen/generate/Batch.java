package io.meterline.loadgen.generate;

/**
 * One request body ({@code {"events": [...]}}) for one customer.
 *
 * @param events      number of events in the body
 * @param resent      how many of them are copies of an event sent before (expected duplicates)
 * @param body        the JSON body, UTF-8
 */
public record Batch(Customer customer, int events, int resent, byte[] body) {
}
