"""The sync client against a local fake of the ingest API: batching, gzip, retries, error reporting, the queue."""
import threading
import time
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from fake_api import DROP, accept_all, answer, ids
from meterline import MeterlineClient, MeterlineError, Metrics, QueueFullError


@pytest.fixture
def errors():
    return []


@pytest.fixture
def make(api, errors):
    clients = []

    def factory(**opts):
        base = dict(customer_id="acme", exit_hook=False, initial_backoff=0.005, max_backoff=0.04,
                    on_error=errors.append, shutdown_timeout=20)
        base.update(opts)
        c = MeterlineClient(api.url, "ml_test_key", **base)
        clients.append(c)
        return c

    yield factory
    for c in clients:
        c.close(5)


def event(i):
    return {"event_type": "TOKEN_USAGE", "feature_id": "chat", "provider": "openai", "model": "gpt-4o-mini",
            "input_tokens": i, "output_tokens": 1}


def test_batches_of_at_most_1000_gzipped_with_ids_and_timestamps_assigned_at_track(api, make, errors):
    c = make()
    tracked = [c.track(event(i))["event_id"] for i in range(2500)]
    assert c.flush(10)
    assert c.metrics() == Metrics(0, 2500, 0, 0, 0)
    assert len(api.requests) >= 3
    for r in api.requests:
        assert len(ids(r)) <= 1000
        assert r["headers"]["Content-Encoding"] == "gzip"
        assert r["headers"]["X-Api-Key"] == "ml_test_key"
    assert api.ingested_ids() == tracked
    first = api.requests[0]["body"]["events"][0]
    assert first["customer_id"] == "acme"
    ts = datetime.fromisoformat(first["timestamp"].replace("Z", "+00:00"))
    assert (datetime.now(timezone.utc) - ts).total_seconds() < 60
    assert errors == []


def test_keyword_fields_decimal_quantity_and_required_fields(api, make):
    c = make()
    e = c.track(event_type="IMAGE_GENERATION", feature_id="img", quantity=Decimal("2.50"), unit="image")
    assert e["quantity"] == "2.50"
    assert c.flush(10)
    assert api.requests[0]["body"]["events"][0]["quantity"] == "2.50"
    with pytest.raises(ValueError, match="feature_id"):
        c.track(event_type="API_CALL")
    with pytest.raises(ValueError, match="customer_id"):
        make(customer_id=None).track(event(1))


def test_a_batch_closes_at_the_byte_limit(api, make):
    c = make(max_batch_bytes=20_000)
    for i in range(50):
        c.track(event(i), metadata={"note": "x" * 1000})
    assert c.flush(10)
    assert len(api.ingested_ids()) == 50
    assert len(api.requests) >= 3


def test_the_interval_sends_without_flush(make):
    c = make(flush_interval=0.1)
    c.track(event(1))
    deadline = time.monotonic() + 5
    while c.metrics().sent < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert c.metrics().sent == 1


def test_retries_503_429_409_in_flight_and_a_dropped_connection_with_the_same_events(api, make, errors):
    api.then(answer(503, {"error": "PUBLISH_FAILED", "message": "kafka"}, {"Retry-After": "0"})) \
        .then(answer(429, {"error": "RATE_LIMITED", "message": "slow down"}, {"Retry-After": "1"})) \
        .then(answer(409, {"error": "IN_FLIGHT", "message": "busy", "details": []}, {"Retry-After": "0"})) \
        .then(lambda req: DROP)
    start = time.monotonic()
    c = make()
    for i in range(3):
        c.track(event(i))
    assert c.flush(15)
    assert c.metrics() == Metrics(0, 3, 12, 0, 0)
    assert time.monotonic() - start >= 1.0, "Retry-After: 1 was honoured"
    assert len(api.requests) == 5
    assert all(ids(r) == ids(api.requests[0]) for r in api.requests)
    assert errors == []


def test_per_event_errors_go_to_on_error_with_the_event_and_in_flight_ones_are_resent(api, make, errors):
    api.then(lambda r: answer(202, {"status": "partial", "accepted": 1, "duplicates": 0, "rejected": 2, "errors": [
        {"index": 1, "event_id": ids(r)[1], "code": "INVALID_VALUE", "field": "model", "message": "too long"},
        {"index": 2, "event_id": ids(r)[2], "code": "IN_FLIGHT", "field": None, "message": "retry"}]}))
    c = make()
    c.track(event(0))
    bad = c.track(event(1))
    c.track(event(2))
    assert c.flush(10)
    assert c.metrics() == Metrics(0, 2, 1, 1, 0)
    assert ids(api.requests[1]) == [ids(api.requests[0])[2]]
    assert len(errors) == 1
    assert (errors[0].event, errors[0].http_status, errors[0].code, errors[0].field) == (bad, 202, "INVALID_VALUE", "model")


def test_other_client_errors_are_never_retried(api, make, errors):
    api.fallback = lambda r: answer(401, {"error": "UNAUTHORIZED", "message": "unknown API key", "details": []})
    c = make()
    c.track(event(0))
    c.track(event(1))
    assert c.flush(10)
    assert c.metrics() == Metrics(0, 0, 0, 2, 0)
    assert len(api.requests) == 1
    assert [e.code for e in errors] == ["UNAUTHORIZED", "UNAUTHORIZED"]


def test_gives_up_after_max_retries_and_says_so(api, make, errors):
    api.fallback = lambda r: DROP
    c = make(max_retries=2)
    c.track(event(0))
    assert c.flush(10)
    assert c.metrics() == Metrics(0, 0, 2, 1, 0)
    assert len(api.requests) == 3
    assert errors[0].code == "RETRIES_EXHAUSTED"


def test_a_413_splits_the_batch(api, make):
    api.then(answer(413, {"error": "PAYLOAD_TOO_LARGE", "message": "too many"}))
    c = make()
    for i in range(10):
        c.track(event(i))
    assert c.flush(10)
    assert c.metrics().sent == 10
    assert [len(ids(r)) for r in api.requests] == [10, 5, 5]


def test_a_full_queue_drops_with_a_callback_raises_or_blocks(api, make, errors):
    release = threading.Event()

    def held(r):
        release.wait(10)
        return accept_all(r)

    api.fallback = held
    drop = make(max_queue_size=2, on_full="drop", max_batch_events=1)
    raise_ = make(max_queue_size=2, on_full="raise", max_batch_events=1)
    block = make(max_queue_size=2, on_full="block", max_batch_events=1)
    for i in range(6):
        drop.track(event(i))
    with pytest.raises(QueueFullError):
        for i in range(4):
            raise_.track(event(i))
    for i in range(3):
        block.track(event(i))
    time.sleep(0.1)  # the first event is in the held request, two wait in the queue
    done = threading.Event()
    threading.Thread(target=lambda: (block.track(event(9)), done.set()), daemon=True).start()
    assert not done.wait(0.2), "track waits for room"
    assert drop.metrics().dropped >= 3
    assert any(e.code == "QUEUE_FULL" and e.event["event_id"] for e in errors)
    release.set()
    assert done.wait(10)
    for c in (drop, raise_, block):
        assert c.close(10)
    assert drop.metrics().sent + drop.metrics().dropped == 6
    assert block.metrics().sent == 4


def test_close_delivers_what_is_queued_and_refuses_more(api, make):
    c = make(flush_interval=30)
    for i in range(10):
        c.track(event(i))
    assert c.close(10)
    assert len(api.ingested_ids()) == 10
    with pytest.raises(RuntimeError):
        c.track(event(11))


def test_direct_calls(api, make):
    eid = "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
    api.then(answer(200, {"balance": "250.000000000000", "currency": "credits", "low_balance": False, "can_spend": True})) \
        .then(answer(200, {"balance": "250.000000000000", "currency": "credits", "low_balance": False,
                           "can_spend": False, "estimate": "300.5"})) \
        .then(answer(200, {"event_id": eid, "status": "PRICED", "cost_usd": "0.000123450000", "credits": "0.1234"})) \
        .then(answer(404, {"error": "NOT_FOUND", "message": "unknown", "details": []})) \
        .then(answer(401, {"error": "UNAUTHORIZED", "message": "unknown API key", "details": []}))
    c = make()
    assert c.balance()["balance"] == Decimal("250.000000000000")
    assert c.can_spend(Decimal("300.5")) is False
    assert api.requests[1]["query"] == "estimate=300.5"
    assert c.event_status(eid)["cost_usd"] == Decimal("0.000123450000")
    assert c.event_status("11111111-1111-4111-8111-111111111111") is None
    with pytest.raises(MeterlineError) as raised:
        c.balance()
    assert (raised.value.status, raised.value.code) == (401, "UNAUTHORIZED")
