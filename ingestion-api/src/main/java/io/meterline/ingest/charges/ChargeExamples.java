package io.meterline.ingest.charges;

/** JSON examples of the charges and refunds endpoints in the OpenAPI document. */
final class ChargeExamples {

    static final String CHARGE_REQUEST = """
            {"request_id": "report-2026-11-0042", "amount": "25.00", "feature_id": "pdf-report",
             "description": "Quarterly PDF report", "metadata": {"pages": 12}}""";

    static final String CHARGE = """
            {"customer_id": "acme-corp", "request_id": "report-2026-11-0042", "status": "CHARGED",
             "amount": "25.000000000000", "refunded_amount": "0.000000000000", "feature_id": "pdf-report",
             "description": "Quarterly PDF report", "metadata": {"pages": 12}, "created_at": "2026-11-21T12:00:00Z",
             "ledger_transaction": {"id": 118, "seq": 7, "customer_id": "acme-corp", "type": "CHARGE",
               "amount": "-25.000000000000", "balance_before": "500.000000000000", "balance_after": "475.000000000000",
               "idempotency_key": "charge:report-2026-11-0042", "description": "Quarterly PDF report",
               "event_count": 0, "created_at": "2026-11-21T12:00:00Z"}}""";

    static final String INSUFFICIENT = """
            {"error": "INSUFFICIENT_CREDITS", "message": "The wallet is in HARD spend mode and has 20.000000000000 \
            credits available, less than the amount 25.00", "details": [{"field": "amount",
             "code": "INSUFFICIENT_CREDITS", "message": "exceeds the available 20.000000000000"}],
             "available": "20.000000000000", "amount": "25.000000000000"}""";

    static final String REFUND_REQUEST = """
            {"refund_id": "refund-ticket-981", "charge_request_id": "report-2026-11-0042", "amount": "10",
             "reason": "Report generation failed"}""";

    static final String REFUND = """
            {"customer_id": "acme-corp", "refund_id": "refund-ticket-981", "charge_request_id": "report-2026-11-0042",
             "amount": "10.000000000000", "reason": "Report generation failed", "feature_id": "pdf-report",
             "original_ledger_tx_id": 118, "created_at": "2026-11-21T12:05:00Z",
             "ledger_transaction": {"id": 131, "seq": 9, "customer_id": "acme-corp", "type": "REFUND",
               "amount": "10.000000000000", "balance_before": "460.000000000000", "balance_after": "470.000000000000",
               "idempotency_key": "refund:refund-ticket-981", "description": "Report generation failed",
               "event_count": 0, "created_at": "2026-11-21T12:05:00Z"}}""";

    static final String EXCEEDS = """
            {"error": "REFUND_EXCEEDS_ORIGINAL", "message": "amount must be at most 15.000000000000, what is left of 25.000000000000 after 10.000000000000 refunded",
             "details": [{"field": "amount", "code": "EXCEEDS_ORIGINAL", "message": "must be at most 15.000000000000, what is left of 25.000000000000 after 10.000000000000 refunded"}]}""";

    private ChargeExamples() {
    }
}
