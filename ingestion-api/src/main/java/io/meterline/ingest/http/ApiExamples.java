package io.meterline.ingest.http;

/** JSON examples shown in the OpenAPI document. */
public final class ApiExamples {

    public static final String WALLET = """
            {"customer_id": "acme-corp", "balance": "250.000000000000", "low_balance_threshold": "100.000000000000",
             "status": "OK", "updated_at": "2025-06-01T10:00:00Z", "overdraft": "0.000000000000",
             "spend_mode": "HARD", "held": "12.500000000000", "available": "237.500000000000"}""";

    public static final String CUSTOMER = """
            {"id": "acme-corp", "name": "Acme Corp", "email": "billing@acme.example",
             "price_multiplier": "1.200000000000", "time_zone": "Europe/Berlin", "created_at": "2025-06-01T10:00:00Z",
             "wallet": {"customer_id": "acme-corp", "balance": "0.000000000000",
                        "low_balance_threshold": "100.000000000000", "status": "DEPLETED",
                        "updated_at": "2025-06-01T10:00:00Z"}}""";

    public static final String LEDGER_ROW = """
            {"id": 42, "customer_id": "acme-corp", "type": "TOP_UP", "amount": "500.000000000000",
             "balance_before": "0.000000000000", "balance_after": "500.000000000000",
             "idempotency_key": "invoice-2025-0042", "description": "Invoice 2025-0042 paid", "event_count": 0,
             "created_at": "2025-06-01T10:00:00Z"}""";

    public static final String API_KEY_CREATED = """
            {"key_id": "0b7f6c1e-6a43-4b8e-9d7e-3f1c2a9b8d01", "customer_id": "acme-corp",
             "api_key": "ml_3fK9aQ2xV7bN1mZ8cR4tY6uW0pL5sD2gH9jK3eQ", "prefix": "ml_3fK9aQ2x",
             "name": "production", "created_at": "2025-06-01T10:00:00Z"}""";

    public static final String RATE = """
            {"id": 7, "provider": "openai", "model": "gpt-4o", "cost_type": "INPUT_TOKEN",
             "price_usd": "2.500000000000", "unit_size": 1000000, "aliases": ["gpt-4o-2024-08-06"],
             "valid_from": "2025-01-01T00:00:00Z", "valid_until": null, "source": "openai.com/pricing 2025-01-01",
             "created_at": "2025-01-01T00:00:00Z"}""";

    private ApiExamples() {
    }
}
