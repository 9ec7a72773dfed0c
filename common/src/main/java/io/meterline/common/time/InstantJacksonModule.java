package io.meterline.common.time;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * Reads and writes {@link Instant} through {@link IsoInstant}. Writing: the canonical ISO string. Reading is strict
 * ({@link IsoInstant#parseStrict}): only a JSON string holding an RFC 3339 date-time with an offset, years 2000 to
 * 2100; a number (epoch seconds), a leap second or year 99999 is a mismatch naming the field, never a guess.
 * Register it after the JavaTimeModule: the module registered last wins.
 */
public class InstantJacksonModule extends SimpleModule {

    /** What a date must look like, for error messages. */
    public static final String DATE_RULE =
            "must be an RFC 3339 date-time with offset in years 2000 to 2100, such as 2025-01-31T12:00:00Z";

    public InstantJacksonModule() {
        super("meterline-instant");
        addSerializer(Instant.class, new StdScalarSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                    InstantSerializer.INSTANCE.serialize(value, gen, provider);
                    return;
                }
                char[] buffer = new char[IsoInstant.MAX_LENGTH];
                int length = IsoInstant.format(value, buffer);
                if (length < 0) {
                    gen.writeString(value.toString());
                } else {
                    gen.writeString(buffer, 0, length);
                }
            }
        });
        addDeserializer(Instant.class, new StdScalarDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.hasToken(JsonToken.VALUE_STRING)) {
                    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                }
                String text = p.getText();
                Instant instant = IsoInstant.parseStrict(text);
                if (instant == null) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, DATE_RULE);
                }
                return instant;
            }
        });
    }
}
