package io.meterline.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.meterline.common.money.MoneyJacksonModule;
import io.meterline.common.time.InstantJacksonModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** One JSON dialect for REST and Kafka in every service: money as plain-decimal strings, ISO-8601 instants. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Also used outside CDI (load generator, tests) so every JSON writer agrees. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.registerModule(new MoneyJacksonModule())
                .findAndRegisterModules()
                .registerModule(new InstantJacksonModule()) // after the JavaTimeModule, so it takes precedence
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
