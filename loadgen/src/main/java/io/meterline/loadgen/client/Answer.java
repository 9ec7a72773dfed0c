package io.meterline.loadgen.client;

/**
 * What came back for one request.
 *
 * @param status            HTTP status, or {@link IngestOutcome#IO_ERROR} when no response came
 * @param body              the response body (empty when none)
 * @param retryAfterSeconds the Retry-After header's seconds, or -1 when absent
 */
public record Answer(int status, byte[] body, long retryAfterSeconds) {

    public static Answer none() {
        return new Answer(IngestOutcome.IO_ERROR, new byte[0], -1);
    }

    public IngestOutcome outcome(int events) {
        return status == IngestOutcome.IO_ERROR ? IngestOutcome.ioError(events)
                : ResponseParser.parse(status, body, events);
    }
}
