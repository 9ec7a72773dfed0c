"""The direct calls (not the event batches) both clients share, without I/O: request bodies, the retry rule and the
reading of answers.

Each write's idempotency key (request_id, refund_id, reservation_id) is fixed once per call, in the body built here
before the first attempt (a new UUID unless given), and the very same body is re-sent by the retries, which happen
only where a retry cannot do harm: a network error, 429 or 503 (backoff with jitter, Retry-After a lower bound), at
most ``direct_retries`` times. The API answers a repeated key with the original (200), so a charge, refund or hold
happens once. Every other answer is final: an error body raises MeterlineError (402 INSUFFICIENT_CREDITS the typed
InsufficientCreditsError). Money comes back as Decimal.
"""
from __future__ import annotations

import json
import urllib.parse
import uuid
from decimal import Decimal
from typing import Any, Dict, NamedTuple, Optional

from . import _verdict as v
from ._core import USER_AGENT, MeterlineError, Options, _json_default

MONEY = ("amount", "refunded_amount", "estimate", "settled_amount", "balance", "held", "available",
         "balance_before", "balance_after", "cost_usd", "credits", "overdraft")


class InsufficientCreditsError(MeterlineError):
    """402 INSUFFICIENT_CREDITS: the wallet is in HARD spend mode and its available credits (balance - holds) do not
    cover the reservation or charge; nothing was written. ``available`` and ``estimate`` as the API reported them
    (Decimal, None when it did not say)."""

    def __init__(self, message: str, details: Optional[list], available: Optional[Decimal],
                 estimate: Optional[Decimal]):
        super().__init__(402, "INSUFFICIENT_CREDITS", message, details)
        self.available = available
        self.estimate = estimate


class Answer(NamedTuple):
    body: Dict[str, Any]
    created: bool


class Retry(NamedTuple):
    delay: float


def _money(value: Any) -> str:
    return format(Decimal(str(value)), "f")


def _compact(body: Dict[str, Any]) -> Dict[str, Any]:
    return {k: val for k, val in body.items() if val is not None}


def encode(body: Dict[str, Any]) -> bytes:
    return json.dumps(body, default=_json_default, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def charge_body(amount: Any, request_id: Optional[str], feature_id: Optional[str], description: Optional[str],
                metadata: Optional[Dict[str, Any]], reservation_id: Optional[str]) -> Dict[str, Any]:
    if amount is None:
        raise ValueError("amount is required")
    return _compact({"request_id": request_id or str(uuid.uuid4()), "amount": _money(amount), "feature_id": feature_id,
                     "description": description, "metadata": metadata, "reservation_id": reservation_id})


def refund_body(reason: str, charge_request_id: Optional[str], event_id: Any, amount: Any,
                refund_id: Optional[str]) -> Dict[str, Any]:
    if (charge_request_id is None) == (event_id is None):
        raise ValueError("exactly one of charge_request_id and event_id")
    if not reason:
        raise ValueError("reason is required")
    return _compact({"refund_id": refund_id or str(uuid.uuid4()), "charge_request_id": charge_request_id,
                     "event_id": None if event_id is None else str(event_id),
                     "amount": None if amount is None else _money(amount), "reason": reason})


def reserve_body(estimate: Any, reservation_id: Optional[str], ttl_seconds: Optional[int], feature_id: Optional[str],
                 metadata: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    if estimate is None:
        raise ValueError("estimate is required")
    return _compact({"reservation_id": reservation_id or str(uuid.uuid4()), "estimate": _money(estimate),
                     "ttl_seconds": ttl_seconds, "feature_id": feature_id, "metadata": metadata})


def outcome(opts: Options, attempt: int, status: Optional[int], content: Optional[bytes],
            retry_after: Optional[str], not_found_is_none: bool, error: Optional[BaseException] = None):
    """What one attempt's result means: Retry(delay), Answer, None (a 404 when not_found_is_none), or it raises."""
    if status is None:
        if attempt >= opts.direct_retries:
            raise MeterlineError(0, "NETWORK_ERROR", repr(error)) from error
        return Retry(v.backoff_delay(attempt, opts.initial_backoff, opts.max_backoff, None))
    if status in (429, 503) and attempt < opts.direct_retries:
        return Retry(v.backoff_delay(attempt, opts.initial_backoff, opts.max_backoff, v.parse_retry_after(retry_after)))
    if 200 <= status < 300:
        return Answer(read(content), status == 201)
    if status == 404 and not_found_is_none:
        return None
    raise error_of(status, content)


def read(content: Optional[bytes]) -> Dict[str, Any]:
    """An answer's JSON with its money as Decimal (also inside ledger_transaction)."""
    try:
        doc = json.loads(content, parse_float=Decimal) if content else {}
    except ValueError:
        doc = {}
    return _decimals(doc) if isinstance(doc, dict) else {}


def _decimals(doc: Dict[str, Any]) -> Dict[str, Any]:
    for k in MONEY:
        if doc.get(k) is not None and not isinstance(doc[k], bool):
            doc[k] = Decimal(str(doc[k]))
    if isinstance(doc.get("ledger_transaction"), dict):
        _decimals(doc["ledger_transaction"])
    return doc


def with_created(answer: Optional[Answer], created: Optional[bool] = None) -> Optional[Dict[str, Any]]:
    """The answer's body with ``created`` (201: this call wrote; 200: the original, for a repeated key)."""
    return None if answer is None else {**answer.body, "created": answer.created if created is None else created}


def estimate_query(estimate: Any) -> str:
    return "" if estimate is None else "?estimate=" + _money(estimate)


def quote(segment: Any) -> str:
    return urllib.parse.quote(str(segment), safe="")


def headers(opts: Options, has_body: bool) -> Dict[str, str]:
    h = {"X-Api-Key": opts.api_key, "Accept": "application/json", "User-Agent": USER_AGENT}
    if has_body:
        h["Content-Type"] = "application/json"
    return h


def error_of(status: int, content: Optional[bytes]) -> MeterlineError:
    doc = read(content)
    code = doc.get("error") or f"HTTP_{status}"
    details = doc.get("details") if isinstance(doc.get("details"), list) else []
    if status == 402 and code == "INSUFFICIENT_CREDITS":
        estimate = doc.get("estimate", doc.get("amount"))
        return InsufficientCreditsError(doc.get("message") or "", details, doc.get("available"), estimate)
    return MeterlineError(status, code, doc.get("message") or "", details)
