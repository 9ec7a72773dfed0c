package io.meterline.ingest.customers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which zone names the JVM half of the customers.time_zone rule takes: IANA region names, any offset. Names the
 * JVM knows and Postgres does not (SystemV/...) pass here and are refused by PostgresTimeZones
 * (CustomerTimeZoneTest).
 */
class TimeZonesTest {

    @ParameterizedTest
    @CsvSource({
            "UTC, true", "Europe/Berlin, true", "America/New_York, true", "Australia/Sydney, true",
            "Pacific/Auckland, true", "Asia/Tokyo, true",
            "Asia/Kolkata, true", "Asia/Calcutta, true", "Asia/Kathmandu, true", "Australia/Adelaide, true",
            "America/St_Johns, true", "Australia/Lord_Howe, true", "Pacific/Chatham, true", "Etc/GMT+3, true",
            "+05:00, false", "GMT+3, false", "UTC+05:30, false", "IST, false", "Europe/Atlantis, false",
            "europe/berlin, false", "'', false" })
    void acceptsIanaRegionNamesWithAnyOffset(String zone, boolean accepted) {
        assertEquals(accepted, TimeZones.problem(zone) == null, zone);
    }
}
