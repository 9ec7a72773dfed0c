package io.meterline.common.money;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Writes every {@link BigDecimal} as a JSON string holding a plain decimal ({@link Money#toWire}),
 * so no client ever parses money into a binary float. Reading accepts a string or a number; Jackson
 * parses either exactly into a BigDecimal.
 */
public class MoneyJacksonModule extends SimpleModule {

    public MoneyJacksonModule() {
        super("meterline-money");
        addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Money.toWire(value));
            }
        });
    }
}
