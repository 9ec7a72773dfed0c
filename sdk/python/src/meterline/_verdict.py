"""What one answer of POST /v1/events/ingest means for the batch sent (docs/ingestion-api.md).

The same table as the Java and TypeScript SDKs:

- 200/202: settled; per-event errors fail their events, except IN_FLIGHT ones, which are re-sent.
- network error, 429, 409 IN_FLIGHT, 500/502/503/504: re-send the same batch unchanged (after Retry-After). The
  events keep their ids, so the API's dedup makes the retry safe whatever the first attempt did.
- 422: nothing accepted; the listed events fail, the others were duplicates of accepted events.
- 403 with details: the listed (foreign customer) events fail, the others are re-sent without them.
- 413: split the batch in two. Any other 4xx: every event fails with the answer's code, never retried.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from typing import List, Optional, Union

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 300.0


@dataclass(frozen=True)
class EventFailure:
    index: int
    status: int
    code: str
    field: Optional[str]
    message: str


@dataclass(frozen=True)
class Retry:
    retry_after: Optional[float]
    reason: str


@dataclass(frozen=True)
class Settled:
    sent: int
    failed: List[EventFailure] = field(default_factory=list)
    resend: List[int] = field(default_factory=list)


@dataclass(frozen=True)
class Split:
    pass


@dataclass(frozen=True)
class FailAll:
    status: int
    code: str
    message: str


Verdict = Union[Retry, Settled, Split, FailAll]


def network(error: BaseException) -> Verdict:
    return Retry(None, f"network error: {error!r}")


def verdict_of(status: int, body: bytes, retry_after: Optional[str], batch_size: int) -> Verdict:
    try:
        doc = json.loads(body) if body else {}
    except ValueError:
        doc = {}
    if not isinstance(doc, dict):
        doc = {}
    code = doc.get("error") if isinstance(doc.get("error"), str) else f"HTTP_{status}"
    message = doc.get("message") if isinstance(doc.get("message"), str) else f"HTTP {status}"
    if status in (200, 202):
        return _settled(status, doc.get("errors"), batch_size, resend_others=False)
    if status in RETRY_STATUSES or (status == 409 and code == "IN_FLIGHT"):
        return Retry(parse_retry_after(retry_after), f"{status} {code}: {message}")
    details = doc.get("details") if isinstance(doc.get("details"), list) else []
    if status == 422 and details:
        return _settled(status, details, batch_size, resend_others=False)
    if status == 403 and details:
        return _settled(status, details, batch_size, resend_others=True)
    if status == 413 and batch_size > 1:
        return Split()
    return FailAll(status, code, message)


def _settled(status: int, errors, batch_size: int, resend_others: bool) -> Settled:
    failed: List[EventFailure] = []
    resend: List[int] = []
    listed = [False] * batch_size
    for e in errors if isinstance(errors, list) else []:
        if not isinstance(e, dict):
            continue
        index = e.get("index")
        if not isinstance(index, int) or not 0 <= index < batch_size or listed[index]:
            continue
        listed[index] = True
        code = e.get("code") if isinstance(e.get("code"), str) else "UNKNOWN"
        if code == "IN_FLIGHT":
            resend.append(index)
        else:
            fld = e.get("field") if isinstance(e.get("field"), str) else None
            failed.append(EventFailure(index, status, code, fld, str(e.get("message", code))))
    sent = 0
    for i in range(batch_size):
        if not listed[i]:
            if resend_others:
                resend.append(i)
            else:
                sent += 1
    return Settled(sent, failed, resend)


def parse_retry_after(header: Optional[str]) -> Optional[float]:
    """Retry-After as delta-seconds or an HTTP date, in seconds; None when absent or unreadable."""
    if header is None or not header.strip():
        return None
    value = header.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def backoff_delay(attempt: int, initial: float, maximum: float, retry_after: Optional[float]) -> float:
    """Attempt n waits a random time in [d/2, d], d = min(max, initial * 2^n); Retry-After is a lower bound (capped
    at five minutes so a wrong header cannot park the client)."""
    d = min(maximum, initial * (2 ** min(attempt, 30)))
    jittered = d / 2 + random.random() * (d / 2)
    if retry_after is None:
        return jittered
    return max(jittered, min(retry_after, MAX_RETRY_AFTER_S))
