"""The asyncio client: the same delivery code as the sync one (meterline._core.delivery), driven by asyncio."""
import asyncio
from decimal import Decimal

from fake_api import DROP, answer, ids
from meterline import AsyncMeterlineClient, Metrics, QueueFullError


def event(i):
    return {"event_type": "TOKEN_USAGE", "feature_id": "chat", "provider": "anthropic", "model": "claude-haiku-4-5",
            "input_tokens": i, "output_tokens": 1}


def run(coro):
    return asyncio.run(coro)


def test_batches_retries_and_errors(api):
    api.then(answer(503, {"error": "PUBLISH_FAILED", "message": "kafka"}, {"Retry-After": "0"})) \
        .then(lambda req: DROP) \
        .then(lambda r: answer(202, {"status": "partial", "accepted": 1199, "duplicates": 0, "rejected": 1, "errors": [
            {"index": 5, "event_id": ids(r)[5], "code": "INVALID_VALUE", "field": "model", "message": "too long"}]}))
    errors = []

    async def scenario():
        async with AsyncMeterlineClient(api.url, "k", customer_id="acme", initial_backoff=0.005, max_backoff=0.04,
                                        on_error=errors.append) as c:
            tracked = [(await c.track(event(i)))["event_id"] for i in range(1200)]
            assert await c.flush(10)
            return tracked, c.metrics()

    tracked, metrics = run(scenario())
    assert metrics == Metrics(0, 1199, 2000, 1, 0)
    assert ids(api.requests[0]) == ids(api.requests[1]) == ids(api.requests[2]) == tracked[:1000]
    assert [e["event_id"] for e in api.requests[3]["body"]["events"]] == tracked[1000:]
    assert [(e.code, e.event["event_id"]) for e in errors] == [("INVALID_VALUE", tracked[5])]


def test_full_queue_and_direct_calls(api):
    api.then(answer(200, {"balance": "1.5", "currency": "credits", "low_balance": True, "can_spend": True,
                          "estimate": "1"}))

    async def scenario():
        c = AsyncMeterlineClient(api.url, "k", customer_id="acme", max_queue_size=3, on_full="raise",
                                 flush_interval=30)
        assert await c.can_spend("1") is True
        for i in range(3):
            await c.track(event(i))
        try:
            await c.track(event(4))
            raise AssertionError("expected QueueFullError")
        except QueueFullError:
            pass
        assert await c.close(10)
        return c.metrics()

    assert run(scenario()) == Metrics(0, 3, 0, 0, 0)
    assert api.requests[0]["query"] == "estimate=1"
    assert len(api.ingested_ids()) == 3
