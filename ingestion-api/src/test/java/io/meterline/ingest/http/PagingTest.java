package io.meterline.ingest.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The (created_at, id) cursor of the api-key, webhook-endpoint, delivery and re-rate job lists. */
class PagingTest {

    @Test
    void aTimeAndIdCursorComesBackAsItWasIssued() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
        UUID id = UUID.randomUUID();
        Paging.TimeAndId key = Paging.decodeTimeAndId(Paging.encode(at.toString(), id.toString()));
        assertEquals(new Paging.TimeAndId(at, id), key);
    }

    @Test
    void noCursorIsTheFirstPage() {
        for (String none : new String[] { null, "" }) {
            Paging.TimeAndId key = Paging.decodeTimeAndId(none);
            assertNull(key.time());
            assertNull(key.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-time|00000000-0000-0000-0000-000000000001", "2026-03-01T00:00:00Z|not-a-uuid",
            "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z|00000000-0000-0000-0000-000000000001|x" })
    void anythingElseIs400InvalidCursor(String parts) {
        String cursor = Paging.encode(parts.split("\\|"));
        ApiException e = assertThrows(ApiException.class, () -> Paging.decodeTimeAndId(cursor));
        assertEquals(400, e.status());
        assertEquals("INVALID_CURSOR", e.code());
    }
}
