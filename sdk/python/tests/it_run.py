"""The Python SDK's part of sdk/it.sh and scripts/bench-sdk.sh (not a unit test; IT_ASYNC=1 for the asyncio
client): tracks IT_EVENTS events built with the provider helpers against IT_URL, closes the client, writes the ids
to IT_IDS and prints one JSON line. Exits 1 unless every event was sent and none failed."""
import asyncio
import json
import os
import sys
import time

from meterline import AsyncMeterlineClient, MeterlineClient, providers


def usage(i):
    if i % 3 == 0:
        return providers.openai_chat({"model": "gpt-4o-mini", "usage": {
            "prompt_tokens": 1200 + i % 7, "completion_tokens": 250, "prompt_tokens_details": {"cached_tokens": 300}}})
    if i % 3 == 1:
        return providers.anthropic({"model": "claude-haiku-4-5", "usage": {
            "input_tokens": 900, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 2000,
            "output_tokens": 120 + i % 5}})
    return providers.gemini({"modelVersion": "gemini-2.5-flash", "usageMetadata": {
        "promptTokenCount": 700, "cachedContentTokenCount": 200, "candidatesTokenCount": 90, "thoughtsTokenCount": 40}})


def main():
    n = int(os.environ.get("IT_EVENTS", "5000"))
    errors = []
    opts = dict(customer_id=os.environ["IT_CUSTOMER"], initial_backoff=0.1, shutdown_timeout=300,
                on_error=errors.append)
    start = time.monotonic()
    if os.environ.get("IT_ASYNC") == "1":
        async def run():
            async with AsyncMeterlineClient(os.environ["IT_URL"], os.environ["IT_KEY"], **opts) as c:
                got = [(await c.track(feature_id="sdk-it", user_id=f"u-{i % 10}", **usage(i)))["event_id"]
                       for i in range(n)]
            return got, c.metrics()
        ids, m = asyncio.run(run())
    else:
        c = MeterlineClient(os.environ["IT_URL"], os.environ["IT_KEY"], **opts)
        ids = [c.track(feature_id="sdk-it", user_id=f"u-{i % 10}", **usage(i))["event_id"] for i in range(n)]
        c.close(300)
        m = c.metrics()
    seconds = time.monotonic() - start
    with open(os.environ["IT_IDS"], "w") as f:
        f.write("\n".join(ids) + "\n")
    print(json.dumps({"sdk": "python-async" if os.environ.get("IT_ASYNC") == "1" else "python", "events": n,
                      "seconds": round(seconds, 3), "events_per_s": round(n / seconds), "metrics": m.__dict__}))
    for e in errors[:5]:
        print(f"error: {e.code} {e.message}", file=sys.stderr)
    sys.exit(0 if m.sent == n and m.failed == 0 else 1)


if __name__ == "__main__":
    main()
