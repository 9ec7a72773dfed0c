package io.meterline.aggregation.rest;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meterline.common.http.RouteErrors;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Installs the shared {@link RouteErrors} on this service's router, with its body limit (64K). */
@ApplicationScoped
class HttpErrors {

    private final RouteErrors errors;

    HttpErrors(ObjectMapper json, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.errors = new RouteErrors(json, maxBodySize.asLongValue());
    }

    void install(@Observes Router router) {
        errors.install(router);
    }
}
