package io.meterline.ingest.reservations;

/** OpenAPI examples of the reservations API. */
final class ReservationExamples {

    static final String REQUEST = """
            {"reservation_id": "chat-7f3a-turn-12", "estimate": "12.5", "ttl_seconds": 300, "feature_id": "chat"}""";

    static final String CREATED = """
            {"reservation_id": "chat-7f3a-turn-12", "customer_id": "acme-corp", "estimate": "12.500000000000000000",
             "status": "OPEN", "feature_id": "chat", "metadata": null, "expires_at": "2026-12-02T08:05:00Z",
             "created_at": "2026-12-02T08:00:00Z", "balance": "250.000000000000000000",
             "held": "12.500000000000000000", "available": "237.500000000000000000", "spend_mode": "HARD"}""";

    static final String SETTLED = """
            {"reservation_id": "chat-7f3a-turn-12", "customer_id": "acme-corp", "estimate": "12.500000000000000000",
             "status": "SETTLED", "feature_id": "chat", "metadata": null, "expires_at": "2026-12-02T08:05:00Z",
             "created_at": "2026-12-02T08:00:00Z", "settled_amount": "9.120000000000000000",
             "settled_by": {"kind": "event", "id": "0b8f2c4e-5a1d-4c6b-9f1e-2d3c4b5a6978"},
             "closed_at": "2026-12-02T08:00:03Z"}""";

    static final String INSUFFICIENT = """
            {"error": "INSUFFICIENT_CREDITS", "message": "The wallet is in HARD spend mode and has 3.5 credits \
            available, less than the estimate 12.5", "details": [{"field": "estimate", "code": "INSUFFICIENT_CREDITS",
             "message": "exceeds the available 3.5"}], "available": "3.5", "estimate": "12.5"}""";

    private ReservationExamples() {
    }
}
