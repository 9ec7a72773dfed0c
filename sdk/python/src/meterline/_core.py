"""What the sync and asyncio clients share: options, event preparation, batching and the delivery algorithm.

The delivery algorithm is written once, without I/O (``delivery``): a generator that yields ``("send", events)``
and receives a Verdict, or yields ``("sleep", seconds)``; each client drives it with its own HTTP and sleep.
"""
from __future__ import annotations

import gzip
import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any, Callable, Dict, Generator, List, Mapping, Optional, Tuple

from . import _verdict as v

MAX_BATCH_BYTES = 5 * 1024 * 1024
HEAD = b'{"events":['
TAIL = b"]}"
USER_AGENT = "meterline-sdk-python/0.1"


class MeterlineError(Exception):
    """A direct call failed: the API's error body (status, code, message, details), or the network (status 0)."""

    def __init__(self, status: int, code: str, message: str, details: Optional[list] = None):
        super().__init__(f"{code}: {message}" if status == 0 else f"HTTP {status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


class QueueFullError(Exception):
    """track() with on_full="raise" and a full queue; the event was not queued."""


@dataclass(frozen=True)
class DeliveryError:
    """An event the SDK gave up on: refused by the API (a per-event error with its field, or a whole-batch answer
    such as 401), RETRIES_EXHAUSTED, QUEUE_FULL (on_full="drop") or NOT_DELIVERED (still queued when close timed
    out). http_status is 0 when no HTTP answer applies."""
    event: Dict[str, Any]
    http_status: int
    code: str
    field: Optional[str]
    message: str


@dataclass(frozen=True)
class Metrics:
    """queued: tracked, not yet settled; sent: accepted or duplicates; retried: events re-sent; failed and dropped:
    each reported to on_error."""
    queued: int
    sent: int
    retried: int
    failed: int
    dropped: int


@dataclass
class Options:
    base_url: str
    api_key: str
    customer_id: Optional[str] = None
    flush_interval: float = 1.0
    max_batch_events: int = 1000
    max_batch_bytes: int = MAX_BATCH_BYTES
    max_queue_size: int = 100_000
    on_full: str = "block"  # "block" | "drop" | "raise"
    gzip: bool = True
    max_retries: int = 10
    initial_backoff: float = 0.2
    max_backoff: float = 30.0
    request_timeout: float = 30.0
    shutdown_timeout: float = 30.0
    exit_hook: bool = True
    direct_retries: int = 3  # re-sends of a direct call (charge, refund, reserve, ...) after a network error, 429, 503
    on_error: Optional[Callable[[DeliveryError], None]] = None

    def __post_init__(self) -> None:
        if not self.base_url or not self.api_key:
            raise ValueError("base_url and api_key are required")
        if not 1 <= self.max_batch_events <= 1000:
            raise ValueError("max_batch_events must be 1..1000")
        if not 1024 <= self.max_batch_bytes <= MAX_BATCH_BYTES:
            raise ValueError("max_batch_bytes must be 1 KiB..5 MiB")
        if self.on_full not in ("block", "drop", "raise"):
            raise ValueError('on_full must be "block", "drop" or "raise"')
        if self.max_queue_size < 1 or self.max_retries < 0 or self.direct_retries < 0:
            raise ValueError("max_queue_size must be positive, max_retries and direct_retries >= 0")
        self.base_url = self.base_url.rstrip("/")


@dataclass
class Queued:
    event: Dict[str, Any]
    json: bytes
    seq: int


@dataclass
class Counters:
    enqueued: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    dropped: int = 0

    def snapshot(self) -> Metrics:
        return Metrics(max(0, self.enqueued - self.sent - self.failed), self.sent, self.retried, self.failed,
                       self.dropped)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def prepare(opts: Options, event: Optional[Mapping[str, Any]], fields: Mapping[str, Any]) -> Tuple[Dict[str, Any], bytes]:
    """The event as it will be sent, with event_id (a new UUID unless set), timestamp (now, UTC, unless set) and the
    client's customer id (unless set), and its JSON bytes, written once so every retry sends the same bytes."""
    e: Dict[str, Any] = {**(event or {}), **fields}
    e = {k: val for k, val in e.items() if val is not None}
    e.setdefault("event_id", str(uuid.uuid4()))
    if isinstance(e["event_id"], uuid.UUID):
        e["event_id"] = str(e["event_id"])
    ts = e.get("timestamp")
    if ts is None:
        e["timestamp"] = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
    elif isinstance(ts, datetime):
        e["timestamp"] = (ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)).isoformat()
    if "customer_id" not in e and opts.customer_id:
        e["customer_id"] = opts.customer_id
    if isinstance(e.get("quantity"), (Decimal, int, float)):
        e["quantity"] = format(Decimal(str(e["quantity"])), "f")
    if not e.get("customer_id"):
        raise ValueError("customer_id is required: set it on the event or on the client")
    if not e.get("feature_id"):
        raise ValueError("feature_id is required")
    if not e.get("event_type"):
        raise ValueError("event_type is required")
    return e, json.dumps(e, default=_json_default, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def body(batch: List[Queued], compress: bool) -> bytes:
    raw = HEAD + b",".join(q.json for q in batch) + TAIL
    return gzip.compress(raw, compresslevel=6) if compress else raw


def headers(opts: Options) -> Dict[str, str]:
    h = {"Content-Type": "application/json", "X-Api-Key": opts.api_key, "User-Agent": USER_AGENT}
    if opts.gzip:
        h["Content-Encoding"] = "gzip"
    return h


def take_batch(queue, opts: Options) -> List[Queued]:
    """Takes the next batch from a deque: at most max_batch_events events and max_batch_bytes of JSON."""
    batch: List[Queued] = []
    size = len(HEAD) + len(TAIL)
    while queue and len(batch) < opts.max_batch_events:
        nxt = queue[0]
        if batch and size + 1 + len(nxt.json) > opts.max_batch_bytes:
            break
        batch.append(queue.popleft())
        size += 1 + len(nxt.json)
    return batch


Step = Tuple[str, Any]


def delivery(events: List[Queued], opts: Options, counters: Counters,
             report: Callable[[DeliveryError], None], attempt: int = 0) -> Generator[Step, Any, None]:
    """Delivers one batch until settled: sends, re-sends unchanged on retryable answers (backoff, jitter,
    Retry-After), splits on 413, reports what is refused or given up on. Yields ("send", events) -> Verdict and
    ("sleep", seconds)."""

    def fail(evs: List[Queued], status: int, code: str, fld: Optional[str], message: str) -> None:
        counters.failed += len(evs)
        for q in evs:
            report(DeliveryError(q.event, status, code, fld, message))

    while events:
        verdict = yield ("send", events)
        retry_after = None
        if isinstance(verdict, v.Settled):
            counters.sent += verdict.sent
            for f in verdict.failed:
                fail([events[f.index]], f.status, f.code, f.field, f.message)
            if not verdict.resend:
                return
            events = [events[i] for i in verdict.resend]
            reason = "IN_FLIGHT or refused with others"
        elif isinstance(verdict, v.Retry):
            retry_after, reason = verdict.retry_after, verdict.reason
        elif isinstance(verdict, v.Split):
            half = len(events) // 2
            yield from delivery(events[:half], opts, counters, report, attempt)
            yield from delivery(events[half:], opts, counters, report, attempt)
            return
        else:
            fail(events, verdict.status, verdict.code, None, verdict.message)
            return
        if attempt >= opts.max_retries:
            fail(events, 0, "RETRIES_EXHAUSTED", None, f"gave up after {attempt + 1} attempts; last: {reason}")
            return
        yield ("sleep", v.backoff_delay(attempt, opts.initial_backoff, opts.max_backoff, retry_after))
        counters.retried += len(events)
        attempt += 1


def default_on_error(error: DeliveryError) -> None:
    import logging
    logging.getLogger("meterline").warning("event %s not delivered: %s %s %s", error.event.get("event_id"),
                                           error.code, error.field or "", error.message)
