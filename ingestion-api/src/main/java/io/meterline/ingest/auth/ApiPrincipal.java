package io.meterline.ingest.auth;

import java.util.UUID;

/** The customer an API key belongs to, once the key has been verified. */
public record ApiPrincipal(UUID keyId, String customerId) {
}
