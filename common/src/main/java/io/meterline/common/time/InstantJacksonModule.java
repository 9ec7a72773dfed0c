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
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;

/**
 * Reads and writes {@link Instant} through {@link IsoInstant}; whatever is not the canonical ISO string (numbers,
 * offsets, instants as timestamps) goes to the JavaTimeModule's own (de)serializer, so the JSON is unchanged.
 * Register it after the JavaTimeModule: the module registered last wins.
 */
public class InstantJacksonModule extends SimpleModule {

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
                if (p.hasToken(JsonToken.VALUE_STRING)) {
                    Instant fast = IsoInstant.parseCanonical(p.getText());
                    if (fast != null) {
                        return fast;
                    }
                }
                return InstantDeserializer.INSTANT.deserialize(p, ctxt);
            }
        });
    }
}
