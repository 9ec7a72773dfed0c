package io.meterline.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import org.jboss.resteasy.reactive.RestResponse;
import org.junit.jupiter.api.Test;

import io.meterline.common.error.ApiError;

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

    @Test
    void anyOtherFailureIs500() {
        RestResponse<ApiError> answer = mappers.unexpected(new IllegalStateException("bug"));
        assertEquals(500, answer.getStatus());
        assertEquals("INTERNAL_ERROR", answer.getEntity().error());
    }
}
