package io.meterline.ingest.events;

/** Request and response examples shown in the OpenAPI document and Swagger UI. */
final class IngestExamples {

    static final String REQUEST = """
            {"events": [{
              "event_id": "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
              "customer_id": "acme",
              "event_type": "TOKEN_USAGE",
              "feature_id": "chat",
              "provider": "openai",
              "model": "gpt-4o-mini",
              "input_tokens": 1200,
              "cached_input_tokens": 300,
              "output_tokens": 250,
              "timestamp": "2025-01-31T12:00:00Z",
              "user_id": "u-42",
              "metadata": {"conversation": "c-9"}
            }, {
              "event_id": "7d1c2b3a-4e5f-4a6b-9c8d-7e6f5a4b3c2d",
              "customer_id": "acme",
              "event_type": "IMAGE_GENERATION",
              "feature_id": "avatars",
              "provider": "openai",
              "model": "dall-e-3",
              "quantity": "2",
              "unit": "image",
              "timestamp": "2025-01-31T12:00:01Z",
              "idempotency_key": "avatar-job-881"
            }]}
            """;

    static final String PARTIAL = """
            {"batch_id": "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f", "status": "partial",
             "accepted": 1, "duplicates": 0, "rejected": 1,
             "errors": [{"index": 1, "event_id": "7d1c2b3a-4e5f-4a6b-9c8d-7e6f5a4b3c2d", "code": "MISSING_FIELD",
                         "field": "quantity", "message": "is required for IMAGE_GENERATION"}]}
            """;

    static final String INVALID = """
            {"error": "VALIDATION_ERROR", "message": "The event was rejected: must be a UUID such as 0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
             "details": [{"index": 0, "event_id": "42", "code": "INVALID_FORMAT", "field": "event_id",
                          "message": "must be a UUID such as 0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"}]}
            """;

    static final String STATUS = """
            {"event_id": "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b", "status": "PRICED",
             "cost_usd": "0.000330000000", "credits": "0.000330000000", "event_type": "TOKEN_USAGE",
             "feature_id": "chat", "provider": "openai", "model": "gpt-4o-mini",
             "timestamp": "2025-01-31T12:00:00Z", "received_at": "2025-01-31T12:00:00.120Z",
             "processed_at": "2025-01-31T12:00:00.480Z", "batch_id": "5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
             "refunded_credits": "0.000000000000"}
            """;

    private IngestExamples() {
    }
}
