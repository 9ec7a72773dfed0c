package io.meterline.sdk;

import java.util.List;
import java.util.Map;

/**
 * A direct call ({@code balance}, {@code canSpend}, {@code eventStatus}) failed: the API answered with its error
 * body {@code {"error", "message", "details"}} (status, code and message here), or the network failed (status 0,
 * code {@code NETWORK_ERROR}).
 */
public class MeterlineException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<Map<String, Object>> details;

    public MeterlineException(int status, String code, String message, List<Map<String, Object>> details, Throwable cause) {
        super(status == 0 ? code + ": " + message : "HTTP " + status + " " + code + ": " + message, cause);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Map<String, Object>> details() {
        return details;
    }
}
