"""Charges, refunds and reservations against a local fake API: exact request bodies, ids generated once and re-sent
by the retries (network error, 429, 503 only), 402 as InsufficientCreditsError; the asyncio client too."""
import asyncio
import re
import uuid
from decimal import Decimal

import pytest

from fake_api import DROP, answer
from meterline import AsyncMeterlineClient, InsufficientCreditsError, MeterlineClient, MeterlineError

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
INSUFFICIENT = {"error": "INSUFFICIENT_CREDITS", "message": "available 3.5 < estimate 12.5",
                "available": "3.500000000000", "estimate": "12.5", "details": []}


def charge(request_id):
    return {"customer_id": "acme", "request_id": request_id, "status": "CHARGED", "amount": "25.000000000000",
            "refunded_amount": "0.000000000000", "feature_id": "pdf-report", "description": "Q3 report",
            "metadata": {"pages": 12}, "created_at": "2026-11-21T12:00:00Z",
            "ledger_transaction": {"id": 118, "type": "CHARGE", "amount": "-25.000000000000",
                                   "balance_after": "475.000000000000"}}


def reservation(rid, **extra):
    return {"reservation_id": rid, "customer_id": "acme", "estimate": "12.5", "status": "OPEN", "feature_id": "chat",
            "expires_at": "2026-11-21T12:05:00Z", "created_at": "2026-11-21T12:00:00Z", "balance": "100.000000000000",
            "held": "12.500000000000", "available": "87.500000000000", "spend_mode": "HARD", **extra}


@pytest.fixture
def client(api):
    c = MeterlineClient(api.url, "ml_test_key", customer_id="acme", exit_hook=False, initial_backoff=0.005,
                        max_backoff=0.04)
    yield c
    c.close(5)


def body(api, i):
    return api.requests[i]["body"]


def test_charge_sends_the_exact_body_and_retries_with_the_same_generated_request_id(api, client):
    api.then(answer(503, {"error": "UNAVAILABLE", "message": "db"}, {"Retry-After": "0"})).then(DROP) \
        .then(answer(429, {"error": "RATE_LIMITED", "message": "slow"}, {"Retry-After": "0"})) \
        .then(lambda r: answer(200, charge(r["body"]["request_id"])))
    got = client.charge(Decimal("25.00"), feature_id="pdf-report", description="Q3 report", metadata={"pages": 12},
                        reservation_id="res-1")
    rid = body(api, 0)["request_id"]
    assert UUID.match(rid)
    assert body(api, 0) == {"request_id": rid, "amount": "25.00", "feature_id": "pdf-report",
                            "description": "Q3 report", "metadata": {"pages": 12}, "reservation_id": "res-1"}
    assert [(r["method"], r["path"], r["body"], r["headers"]["X-Api-Key"]) for r in api.requests] == \
        [("POST", "/v1/charges", body(api, 0), "ml_test_key")] * 4
    assert got["created"] is False
    assert (got["amount"], got["ledger_transaction"]["balance_after"]) == \
        (Decimal("25.000000000000"), Decimal("475.000000000000"))


def test_each_call_gets_its_own_request_id_and_a_given_one_is_kept(api, client):
    api.fallback = lambda r: answer(201, charge(r["body"]["request_id"]))
    assert client.charge(1)["created"] is True
    client.charge("1")
    client.charge(10, request_id="report-42")
    assert body(api, 0) == {"request_id": body(api, 0)["request_id"], "amount": "1"}
    assert body(api, 0)["request_id"] != body(api, 1)["request_id"]
    assert body(api, 2)["request_id"] == "report-42"


def test_402_is_typed_and_409_500_are_never_retried(api, client):
    api.then(answer(402, INSUFFICIENT)) \
        .then(answer(409, {"error": "IDEMPOTENCY_CONFLICT", "message": "used", "details": []})) \
        .then(answer(500, {"error": "INTERNAL", "message": "boom"}))
    with pytest.raises(InsufficientCreditsError) as e:
        client.charge(10)
    assert (e.value.status, e.value.available, e.value.estimate) == (402, Decimal("3.5"), Decimal("12.5"))
    assert isinstance(e.value, MeterlineError)
    with pytest.raises(MeterlineError) as conflict:
        client.charge(10, request_id="r1")
    assert conflict.value.code == "IDEMPOTENCY_CONFLICT" and type(conflict.value) is MeterlineError
    with pytest.raises(MeterlineError) as boom:
        client.refund(charge_request_id="r1", reason="oops")
    assert boom.value.status == 500
    assert len(api.requests) == 3


def test_retries_stop_after_direct_retries_with_one_reservation_id(api):
    api.fallback = lambda r: answer(503, {"error": "UNAVAILABLE", "message": "down"}, {"Retry-After": "0"})
    c = MeterlineClient(api.url, "k", exit_hook=False, direct_retries=2, initial_backoff=0.001)
    with pytest.raises(MeterlineError) as e:
        c.reserve(1)
    assert (e.value.status, e.value.code) == (503, "UNAVAILABLE")
    assert len(api.requests) == 3
    assert len({r["body"]["reservation_id"] for r in api.requests}) == 1
    c.close(5)


def test_refund_of_a_charge_or_an_event_retried_with_the_same_refund_id(api, client):
    eid = "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b"
    api.then(DROP).then(lambda r: answer(201, {"refund_id": r["body"]["refund_id"], "charge_request_id": "report-42",
                                               "amount": "10.000000000000", "reason": "failed"})) \
        .then(answer(201, {"refund_id": "rf-2", "event_id": eid, "amount": "0.5"}))
    got = client.refund(charge_request_id="report-42", amount=Decimal("10"), reason="failed")
    rid = body(api, 0)["refund_id"]
    assert UUID.match(rid)
    assert body(api, 0) == {"refund_id": rid, "charge_request_id": "report-42", "amount": "10", "reason": "failed"}
    assert body(api, 1) == body(api, 0)
    assert got == {"refund_id": rid, "charge_request_id": "report-42", "amount": Decimal("10"), "reason": "failed",
                   "created": True}
    assert client.refund(event_id=uuid.UUID(eid), reason="bad answer", refund_id="rf-2")["event_id"] == eid
    assert body(api, 2) == {"refund_id": "rf-2", "event_id": eid, "reason": "bad answer"}
    with pytest.raises(ValueError):
        client.refund(charge_request_id="c", event_id=eid, reason="both")
    assert len(api.requests) == 3


def test_get_charge_is_none_when_unknown(api, client):
    api.then(answer(200, charge("report 42"))).then(answer(404, {"error": "NOT_FOUND", "message": "no"}))
    assert client.get_charge("report 42")["request_id"] == "report 42"
    assert client.get_charge("nope") is None
    assert (api.requests[0]["method"], api.requests[0]["path"]) == ("GET", "/v1/charges/report%2042")


def test_reserve_sends_the_exact_body_and_keeps_the_generated_id_on_retry(api, client):
    api.then(answer(503, {"error": "UNAVAILABLE", "message": "x"}, {"Retry-After": "0"})) \
        .then(lambda r: answer(201, reservation(r["body"]["reservation_id"]))).then(answer(402, INSUFFICIENT))
    got = client.reserve("12.5", ttl_seconds=60, feature_id="chat", metadata={"run": "r-1"})
    rid = body(api, 0)["reservation_id"]
    assert UUID.match(rid)
    assert body(api, 0) == {"reservation_id": rid, "estimate": "12.5", "ttl_seconds": 60, "feature_id": "chat",
                            "metadata": {"run": "r-1"}}
    assert body(api, 1) == body(api, 0)
    assert got["created"] is True
    assert (got["status"], got["held"], got["available"], got["spend_mode"]) == \
        ("OPEN", Decimal("12.5"), Decimal("87.5"), "HARD")
    with pytest.raises(InsufficientCreditsError):
        client.reserve(12.5, reservation_id="run-7")
    assert body(api, 2) == {"reservation_id": "run-7", "estimate": "12.5"}
    assert len(api.requests) == 3


def test_release_and_get_reservation(api, client):
    api.then(answer(200, reservation("run-7", status="RELEASED"))) \
        .then(answer(409, {"error": "RESERVATION_CLOSED", "message": "SETTLED", "details": []})) \
        .then(answer(200, reservation("run-8", status="SETTLED", settled_amount="11.2",
                                      settled_by={"kind": "event", "id": "e-1"}))) \
        .then(answer(404, {"error": "NOT_FOUND", "message": "no"}))
    assert client.release("run-7")["status"] == "RELEASED"
    with pytest.raises(MeterlineError) as closed:
        client.release("run-8")
    assert (closed.value.status, closed.value.code) == (409, "RESERVATION_CLOSED")
    settled = client.get_reservation("run-8")
    assert (settled["status"], settled["settled_amount"], settled["settled_by"]) == \
        ("SETTLED", Decimal("11.2"), {"kind": "event", "id": "e-1"})
    assert client.get_reservation("run-9") is None
    assert [(r["method"], r["path"]) for r in api.requests] == [
        ("DELETE", "/v1/reservations/run-7"), ("DELETE", "/v1/reservations/run-8"),
        ("GET", "/v1/reservations/run-8"), ("GET", "/v1/reservations/run-9")]


def test_balance_with_holds_and_can_spend(api, client):
    b = {"balance": "100", "currency": "credits", "low_balance": False, "can_spend": True, "held": "12.5",
         "available": "87.5", "spend_mode": "HARD"}
    api.then(answer(200, b)).then(answer(200, {**b, "can_spend": False, "estimate": "90"}))
    assert client.balance() == {**b, "balance": Decimal("100"), "held": Decimal("12.5"), "available": Decimal("87.5")}
    assert client.can_spend(Decimal("90")) is False
    assert api.requests[1]["query"] == "estimate=90"


def test_track_carries_the_reservation_id(api, client):
    client.track(event_type="TOKEN_USAGE", feature_id="chat", input_tokens=1, reservation_id="run-7")
    client.track(event_type="TOKEN_USAGE", feature_id="chat", input_tokens=1)
    assert client.flush(10)
    assert [e.get("reservation_id") for e in body(api, 0)["events"]] == ["run-7", None]


def test_the_asyncio_client_makes_the_same_calls(api):
    api.then(DROP).then(lambda r: answer(201, charge(r["body"]["request_id"]))) \
        .then(answer(503, {"error": "UNAVAILABLE", "message": "x"}, {"Retry-After": "0"})) \
        .then(lambda r: answer(201, reservation(r["body"]["reservation_id"]))) \
        .then(answer(402, INSUFFICIENT)) \
        .then(answer(200, reservation("run-7", status="RELEASED"))) \
        .then(answer(404, {"error": "NOT_FOUND", "message": "no"})) \
        .then(answer(201, {"refund_id": "rf-1", "charge_request_id": "c-1", "amount": "1"}))

    async def scenario():
        async with AsyncMeterlineClient(api.url, "k", customer_id="acme", initial_backoff=0.005) as c:
            ch = await c.charge("2.5", feature_id="chat", reservation_id="run-7")
            res = await c.reserve(Decimal("12.5"), ttl_seconds=30)
            with pytest.raises(InsufficientCreditsError):
                await c.reserve(100, reservation_id="big")
            rel = await c.release("run-7")
            missing = await c.get_charge("c-9")
            rf = await c.refund(charge_request_id="c-1", reason="r", refund_id="rf-1")
            return ch, res, rel, missing, rf

    ch, res, rel, missing, rf = asyncio.run(scenario())
    assert body(api, 0) == body(api, 1) == {"request_id": ch["request_id"], "amount": "2.5", "feature_id": "chat",
                                            "reservation_id": "run-7"}
    assert body(api, 2) == body(api, 3) == {"reservation_id": res["reservation_id"], "estimate": "12.5",
                                            "ttl_seconds": 30}
    assert (ch["created"], res["created"], rel["status"], missing, rf["refund_id"]) == \
        (True, True, "RELEASED", None, "rf-1")
    assert body(api, 7) == {"refund_id": "rf-1", "charge_request_id": "c-1", "reason": "r"}
    assert [r["method"] for r in api.requests] == ["POST"] * 5 + ["DELETE", "GET", "POST"]
