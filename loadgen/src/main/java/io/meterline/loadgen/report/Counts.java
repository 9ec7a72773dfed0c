package io.meterline.loadgen.report;

/**
 * Counters at one moment. {@code sent} counts events in batches that got an answer (or failed);
 * {@code resent} the copies of earlier events among them (the duplicates the generator meant to send).
 */
public record Counts(long batches, long sent, long resent, long accepted, long duplicates, long rejected,
                     long failed, long httpErrors, long ioErrors, long bodyBytes) {

    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Average JSON size of one event in the request bodies (the Kafka record adds batch_id and received_at). */
    public long avgEventBytes() {
        return sent == 0 ? 0 : Math.round((double) bodyBytes / sent);
    }
}
