package io.meterline.ingest.messaging;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes accepted usage events to the usage-events topic. */
@ApplicationScoped
public class UsageEventPublisher {

    final MutinyEmitter<String> emitter;

    public UsageEventPublisher(@Channel("usage-events-out") MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }
}
