package io.meterline.ingest.customers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which zone names customers.time_zone takes: IANA regions whose offsets since 1970 are whole hours. */
class TimeZonesTest {

    @ParameterizedTest
    @CsvSource({
            "UTC, true", "Europe/Berlin, true", "America/New_York, true", "Australia/Sydney, true",
            "Pacific/Auckland, true", "Asia/Tokyo, true",
            "Asia/Kolkata, false", "Asia/Kathmandu, false", "Australia/Adelaide, false", "America/St_Johns, false",
            "Australia/Lord_Howe, false", "+05:00, false", "GMT+3, false", "Europe/Atlantis, false", "europe/berlin, false" })
    void acceptsWholeHourIanaZonesOnly(String zone, boolean accepted) {
        assertEquals(accepted, TimeZones.problem(zone) == null, zone);
    }
}
