package io.meterline.ingest.apikeys;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Optional body of POST /v1/admin/customers/{id}/api-keys. */
public record CreateApiKeyRequest(@Schema(description = "A label for the key", examples = "production") String name) {
}
