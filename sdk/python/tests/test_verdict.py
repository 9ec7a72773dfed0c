"""The table of ingest answers (docs/ingestion-api.md); the same cases as the Java and TypeScript SDKs."""
import json

from meterline import _verdict as v


def of(status, body, retry_after=None, size=3):
    return v.verdict_of(status, (body if isinstance(body, str) else json.dumps(body)).encode(), retry_after, size)


def test_retryable_answers():
    for status in (429, 500, 502, 503, 504):
        assert isinstance(of(status, {"error": "X", "message": "m"}), v.Retry), status
    r = of(409, {"error": "IN_FLIGHT", "message": "m", "details": []}, "5")
    assert r == v.Retry(5.0, "409 IN_FLIGHT: m")
    assert isinstance(of(503, "<html>bad gateway</html>", size=1), v.Retry)


def test_final_answers_are_never_retried():
    for status in (400, 401, 404, 415):
        assert of(status, {"error": "UNAUTHORIZED", "message": "bad key"}, size=2) == v.FailAll(status, "UNAUTHORIZED", "bad key")
    assert isinstance(of(409, {"error": "CONFLICT"}, size=2), v.FailAll)
    assert isinstance(of(413, {"error": "PAYLOAD_TOO_LARGE"}, size=1), v.FailAll)
    assert isinstance(of(413, {"error": "PAYLOAD_TOO_LARGE"}, size=2), v.Split)


def test_partial_fails_listed_events_and_resends_in_flight_ones():
    s = of(202, {"status": "partial", "errors": [
        {"index": 1, "event_id": "x", "code": "INVALID_VALUE", "field": "input_tokens", "message": "negative"},
        {"index": 3, "event_id": "y", "code": "IN_FLIGHT", "field": None, "message": "retry"}]}, size=4)
    assert s == v.Settled(2, [v.EventFailure(1, 202, "INVALID_VALUE", "input_tokens", "negative")], [3])


def test_422_counts_unlisted_as_duplicates_and_403_resends_them():
    details = [{"index": 0, "event_id": "x", "code": "TIMESTAMP_OUT_OF_RANGE", "field": "timestamp", "message": "old"}]
    s = of(422, {"error": "VALIDATION_ERROR", "message": "m", "details": details}, size=2)
    assert (s.sent, s.resend, s.failed[0].code) == (1, [], "TIMESTAMP_OUT_OF_RANGE")
    f = of(403, {"error": "CUSTOMER_MISMATCH", "message": "m",
                 "details": [{"index": 1, "code": "CUSTOMER_MISMATCH", "field": "customer_id"}]}, size=3)
    assert (f.sent, f.resend, f.failed[0].index) == (0, [0, 2], 1)


def test_retry_after_and_backoff():
    assert v.parse_retry_after(" 7 ") == 7.0
    assert v.parse_retry_after("soon") is None
    assert v.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    for _ in range(200):
        d0, d3, d20 = (v.backoff_delay(a, 0.1, 2.0, None) for a in (0, 3, 20))
        assert 0.05 <= d0 <= 0.1 and 0.4 <= d3 <= 0.8 and 1.0 <= d20 <= 2.0
        assert v.backoff_delay(0, 0.1, 2.0, 5.0) == 5.0
    assert v.backoff_delay(0, 0.1, 2.0, 3 * 3600.0) == 300.0
