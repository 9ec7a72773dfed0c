package io.meterline.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

import io.meterline.common.error.ApiError;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;

/** A dependency that refuses connections is a 503 the client retries; any other surprise stays 500. */
class ErrorMappersTest {

    private final ErrorMappers mappers = new ErrorMappers();

    @Test
    void anUnreachableDependencyIs503WithRetryAfter() {
        RestResponse<ApiError> answer = mappers.unexpected(
                new IllegalStateException("pool", new ConnectException("Connection refused: /127.0.0.1:5432")));
        assertEquals(503, answer.getStatus());
        assertEquals("SERVICE_UNAVAILABLE", answer.getEntity().error());
        assertEquals("1", answer.getHeaderString("Retry-After"));
        assertEquals(503, mappers.unexpected(new ClosedChannelException()).getStatus());
    }

    /** Found by the chaos suite's credit operations: Postgres pool exhausted on an overloaded machine. */
    @Test
    void noFreePostgresConnectionIs503WithRetryAfter() {
        for (Throwable timeout : new Throwable[] {new VertxException("Timeout waiting for connection", true),
                new NoStackTraceThrowable("Timeout")}) {
            RestResponse<ApiError> answer = mappers.unexpected(timeout);
            assertEquals(503, answer.getStatus(), timeout.toString());
            assertEquals("SERVICE_UNAVAILABLE", answer.getEntity().error());
            assertEquals("1", answer.getHeaderString("Retry-After"));
        }
        assertEquals(500, mappers.unexpected(new VertxException("Connection reset by a bug", true)).getStatus());
    }

    @Test
    void anyOtherFailureIs500() {
        RestResponse<ApiError> answer = mappers.unexpected(new IllegalStateException("bug"));
        assertEquals(500, answer.getStatus());
        assertEquals("INTERNAL_ERROR", answer.getEntity().error());
    }
}
