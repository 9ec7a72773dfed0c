package io.meterline.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.meterline.common.JsonCustomizer;

class IsoInstantTest {

    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void formatsAndParsesLikeInstantOverTheWholeFastRange() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(FIRST, LAST + 1), nanos(random));
            String expected = instant.toString();
            assertEquals(expected, IsoInstant.format(instant));
            assertEquals(instant, IsoInstant.parseCanonical(expected), expected);
            assertEquals(instant, IsoInstant.parse(expected), expected);
        }
    }

    /** Zero, whole milliseconds, whole microseconds and any nanosecond: the three fraction widths and none. */
    private static int nanos(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T14:37:31Z", "2026-11-21T14:37:31.1Z", "2026-11-21T14:37:31.12Z",
        "2026-11-21T14:37:31.1234Z", "2026-11-21T14:37:31.123456789Z", "2026-11-21T14:37:31.000Z",
        "2024-02-29T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z"})
    void readsEveryFractionWidthExactly(String text) {
        assertEquals(Instant.parse(text), IsoInstant.parseCanonical(text));
    }

    /** Not canonical but valid: the fast path declines and Instant decides, with the same result. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21t14:37:31z", "2026-11-21T14:37:31+02:00", "2026-11-21T16:37:31.5+02:00",
        "+10000-01-01T00:00:00Z", "2026-12-31T23:59:60Z", "2026-11-21T24:00:00Z", "2026-11-21T14:37:31.Z"})
    void leavesOtherValidFormsToInstant(String text) {
        assertNull(IsoInstant.parseCanonical(text));
        assertEquals(Instant.parse(text), IsoInstant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-21", "2026-11-21T14:37:31", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z", "2026-11-21T14:60:00Z", "2026-11-21T14:37:31.1234567891Z", "2026-11-21T14:37:3aZ", "2026-1a-21T14:37:31Z",
        "2026-11-21 14:37:31Z", "２０２6-11-21T14:37:31Z"})
    void rejectsWhatInstantRejects(String text) {
        assertNull(IsoInstant.parseCanonical(text));
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        assertThrows(DateTimeParseException.class, () -> IsoInstant.parse(text));
    }

    @Test
    void yearsOutsideTheFastRangeAreFormattedByInstant() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertEquals(-1, IsoInstant.format(far, new char[IsoInstant.MAX_LENGTH]));
        assertEquals(far.toString(), IsoInstant.format(far));
        Instant before = Instant.parse("-0001-12-31T23:59:59Z");
        assertEquals(before.toString(), IsoInstant.format(before));
    }

    @Test
    void jsonIsTheSameAsTheJavaTimeModules() throws Exception {
        ObjectMapper ours = JsonCustomizer.apply(new ObjectMapper());
        ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(FIRST, LAST + 1), nanos(random));
            String json = plain.writeValueAsString(instant);
            assertEquals(json, ours.writeValueAsString(instant));
            if (IsoInstant.isStorable(instant)) {
                assertEquals(instant, ours.readValue(json, Instant.class));
            } else { // reading is strict: years 2000 to 2100 only
                assertThrows(InvalidFormatException.class, () -> ours.readValue(json, Instant.class));
            }
        }
        assertEquals(Instant.parse("2026-11-21T12:37:31Z"), ours.readValue("\"2026-11-21T14:37:31+02:00\"", Instant.class));
        assertThrows(MismatchedInputException.class, () -> ours.readValue("1795271851", Instant.class));
        assertEquals("1795271851.000000000", ours.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(Instant.ofEpochSecond(1_795_271_851L)));
    }
}
