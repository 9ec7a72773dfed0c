package io.meterline.common.money;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Writes every {@link BigDecimal} as a JSON string holding a plain decimal ({@link Money#toWire}),
 * so no client ever parses money into a binary float. Reading accepts a JSON number or a string holding an ASCII
 * decimal ({@code -12.50}, {@code 1e3}), parsed exactly; anything else (booleans, full-width digits, blanks, NaN)
 * is a mismatch naming the field.
 */
public class MoneyJacksonModule extends SimpleModule {

    /** Longest decimal string read; longer ones are refused before any arithmetic. */
    static final int MAX_DECIMAL_LENGTH = 100;

    public MoneyJacksonModule() {
        super("meterline-money");
        addDeserializer(BigDecimal.class, new StdScalarDeserializer<>(BigDecimal.class) {
            @Override
            public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                    return p.getDecimalValue();
                }
                if (!p.hasToken(JsonToken.VALUE_STRING)) {
                    return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
                }
                String text = p.getText();
                if (!isDecimal(text)) {
                    return (BigDecimal) ctxt.handleWeirdStringValue(BigDecimal.class, text, "not a decimal number");
                }
                return new BigDecimal(text);
            }
        });
        addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Money.toWire(value));
            }
        });
    }

    /**
     * The one decimal grammar for money and quantities on the wire, JSON bodies and event fields alike: an optional
     * minus, ASCII digits with an optional fraction, an optional exponent; at most 100 characters.
     */
    public static boolean isDecimal(String text) {
        int n = text.length();
        int i = 0;
        if (n == 0 || n > MAX_DECIMAL_LENGTH) {
            return false;
        }
        if (text.charAt(i) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0 || exponent > 4) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
