package io.meterline.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meterline.testing.MeterlineServices;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The local day holding an instant, as Postgres computes it for the rollup, the audit and the webhooks
 * (local_day_start, local_day_end; V29): half- and quarter-hour zones, 30-minute
 * daylight saving, a spring-forward at midnight, an ambiguous midnight (whose first hour stays in the day
 * before, so days still tile time), a skipped day.
 */
@QuarkusTest
@WithTestResource(MeterlineServices.class)
class LocalDaysTest {

    @Inject
    Pool pool;

    @ParameterizedTest
    @CsvSource({
            // zone, instant, day start, day end
            "UTC, 2026-06-01T12:00:00Z, 2026-06-01T00:00:00Z, 2026-06-02T00:00:00Z",
            "Europe/Berlin, 2026-03-29T12:00:00Z, 2026-03-28T23:00:00Z, 2026-03-29T22:00:00Z",
            "Asia/Kolkata, 2026-03-01T18:29:00Z, 2026-02-28T18:30:00Z, 2026-03-01T18:30:00Z",
            "Asia/Kolkata, 2026-03-01T18:30:00Z, 2026-03-01T18:30:00Z, 2026-03-02T18:30:00Z",
            "Asia/Kathmandu, 2026-06-01T18:14:59Z, 2026-05-31T18:15:00Z, 2026-06-01T18:15:00Z",
            "Pacific/Chatham, 2026-06-01T12:00:00Z, 2026-06-01T11:15:00Z, 2026-06-02T11:15:00Z",
            "America/St_Johns, 2026-03-08T12:00:00Z, 2026-03-08T03:30:00Z, 2026-03-09T02:30:00Z",
            // Adelaide: 25 hours in April, 23 in October, never on whole UTC hours
            "Australia/Adelaide, 2026-04-04T20:00:00Z, 2026-04-04T13:30:00Z, 2026-04-05T14:30:00Z",
            "Australia/Adelaide, 2026-10-03T20:00:00Z, 2026-10-03T14:30:00Z, 2026-10-04T13:30:00Z",
            // Lord Howe: 24.5 and 23.5 hours; its +11 summer days start on whole UTC hours, its +10:30 days do not
            "Australia/Lord_Howe, 2026-04-04T20:00:00Z, 2026-04-04T13:00:00Z, 2026-04-05T13:30:00Z",
            "Australia/Lord_Howe, 2026-10-03T20:00:00Z, 2026-10-03T13:30:00Z, 2026-10-04T13:00:00Z",
            "Australia/Lord_Howe, 2026-01-15T12:00:00Z, 2026-01-14T13:00:00Z, 2026-01-15T13:00:00Z",
            "Australia/Lord_Howe, 2026-07-01T12:00:00Z, 2026-06-30T13:30:00Z, 2026-07-01T13:30:00Z",
            // Beirut springs forward at midnight: the day starts at 01:00 and lasts 23 hours
            "Asia/Beirut, 2026-03-28T22:30:00Z, 2026-03-28T22:00:00Z, 2026-03-29T21:00:00Z",
            // Havana falls back at 01:00 to midnight: the hour between its two midnights ends the day before
            "America/Havana, 2026-11-01T04:30:00Z, 2026-10-31T04:00:00Z, 2026-11-01T05:00:00Z",
            "America/Havana, 2026-11-01T05:30:00Z, 2026-11-01T05:00:00Z, 2026-11-02T05:00:00Z",
            // Apia skipped 30 December 2011
            "Pacific/Apia, 2011-12-30T09:59:59Z, 2011-12-29T10:00:00Z, 2011-12-30T10:00:00Z",
            "Pacific/Apia, 2011-12-30T10:00:00Z, 2011-12-30T10:00:00Z, 2011-12-31T10:00:00Z" })
    void theLocalDayOfAnInstant(String zone, String instant, String start, String end) {
        Row row = pool.preparedQuery("""
                SELECT local_day_start($1, $2) AS s, local_day_end(local_day_start($1, $2), $2) AS e""")
                .execute(Tuple.of(OffsetDateTime.parse(instant), zone)).await().indefinitely().iterator().next();
        assertEquals(Instant.parse(start), row.getOffsetDateTime("s").toInstant(), zone + " " + instant);
        assertEquals(Instant.parse(end), row.getOffsetDateTime("e").toInstant(), zone + " " + instant);
        OffsetDateTime next = row.getOffsetDateTime("e").withOffsetSameInstant(ZoneOffset.UTC);
        assertEquals(next.toInstant(), pool.preparedQuery("SELECT local_day_start($1, $2) AS s")
                .execute(Tuple.of(next, zone)).await().indefinitely().iterator().next().getOffsetDateTime("s")
                .toInstant(), "the next day starts where this one ends: " + zone + " " + instant);
    }
}
