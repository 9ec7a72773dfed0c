package io.meterline.loadgen.client;

/**
 * What the ingest API made of one batch.
 *
 * @param status     HTTP status, or {@link #IO_ERROR} when no response came (connection refused, timeout)
 * @param accepted   events accepted (published)
 * @param duplicates events answered as duplicates
 * @param rejected   events refused by validation (or IN_FLIGHT)
 * @param failed     events of a batch that got no usable answer (HTTP error or I/O error): all or none
 */
public record IngestOutcome(int status, int accepted, int duplicates, int rejected, int failed) {

    public static final int IO_ERROR = -1;

    public static IngestOutcome ioError(int events) {
        return new IngestOutcome(IO_ERROR, 0, 0, 0, events);
    }

    public boolean httpError() {
        return status != IO_ERROR && failed > 0;
    }

    public boolean ioError() {
        return status == IO_ERROR;
    }
}
