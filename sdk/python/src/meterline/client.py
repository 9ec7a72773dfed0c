"""The synchronous client: track() queues, one daemon thread sends."""
from __future__ import annotations

import atexit
import collections
import threading
import time
from typing import Any, Dict, Mapping, Optional

import httpx

from . import _core
from . import _direct
from . import _verdict as v
from ._core import DeliveryError, Metrics, Options, Queued, QueueFullError


class MeterlineClient:
    """Queues usage events and sends them from a background thread in gzip batches (up to 1000 events or 5 MiB,
    every flush_interval seconds), one batch at a time and in queue order, re-sending a batch unchanged on a
    network error, 429, 409 IN_FLIGHT or 5xx, so a retry is deduplicated by the API and billed once. flush() and
    close() deliver what is queued; with exit_hook (the default) close() also runs at interpreter exit.

    Options (keyword arguments): see ``meterline._core.Options``.
    """

    def __init__(self, base_url: str, api_key: str, **options: Any):
        self._opts = Options(base_url, api_key, **options)
        self._report_fn = self._opts.on_error or _core.default_on_error
        self._http = httpx.Client(timeout=self._opts.request_timeout)
        self._queue: "collections.deque[Queued]" = collections.deque()
        self._lock = threading.Condition()
        self._counters = _core.Counters()
        self._queued_bytes = 0
        self._seq = 0
        self._settled_seq = 0
        self._flush_up_to = 0
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="meterline-flusher", daemon=True)
        self._thread.start()
        if self._opts.exit_hook:
            atexit.register(self.close)

    def __enter__(self) -> "MeterlineClient":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def track(self, event: Optional[Mapping[str, Any]] = None, **fields: Any) -> Dict[str, Any]:
        """Queues the event (a dict with the API's field names, and/or keyword arguments) and returns it as it will be
        sent, with event_id, timestamp and customer_id filled in. When the queue is full: on_full="block" waits for
        room, "drop" reports QUEUE_FULL to on_error, "raise" raises QueueFullError. Raises ValueError at once when
        customer_id, feature_id or event_type is missing, RuntimeError after close()."""
        if self._closed:
            raise RuntimeError("the Meterline client is closed")
        e, data = _core.prepare(self._opts, event, fields)
        with self._lock:
            while len(self._queue) >= self._opts.max_queue_size:
                if self._opts.on_full == "drop":
                    self._counters.dropped += 1
                    self._report(DeliveryError(e, 0, "QUEUE_FULL", None,
                                               f"the queue holds {self._opts.max_queue_size} events; this one was dropped"))
                    return e
                if self._opts.on_full == "raise":
                    raise QueueFullError(f"the Meterline queue is full ({self._opts.max_queue_size} events)")
                self._lock.wait()
            self._seq += 1
            self._queue.append(Queued(e, data, self._seq))
            self._queued_bytes += len(data) + 1
            self._counters.enqueued += 1
            n = len(self._queue)
            if n == 1 or n >= self._opts.max_batch_events or self._queued_bytes >= self._opts.max_batch_bytes:
                self._lock.notify_all()  # a new batch starts its interval clock, or one is full
        return e

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Sends what was tracked so far now and waits until it is settled (sent or reported); False on timeout."""
        deadline = time.monotonic() + (self._opts.shutdown_timeout if timeout is None else timeout)
        with self._lock:
            up_to = self._seq
            self._flush_up_to = max(self._flush_up_to, up_to)
            self._lock.notify_all()
            while self._settled_seq < up_to:
                left = deadline - time.monotonic()
                if left <= 0 or not self._thread.is_alive():
                    return False
                self._lock.wait(left)
            return True

    def close(self, timeout: Optional[float] = None) -> bool:
        """Stops accepting events, delivers what is queued and stops the thread; False if the timeout passed first."""
        if self._opts.exit_hook:
            atexit.unregister(self.close)
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        t = self._opts.shutdown_timeout if timeout is None else timeout
        self._thread.join(t)
        done = not self._thread.is_alive()
        if done:
            self._http.close()
        return done

    def metrics(self) -> Metrics:
        with self._lock:
            return self._counters.snapshot()

    def balance(self, estimate: Any = None) -> Dict[str, Any]:
        """GET /v1/balance: balance, currency, low_balance, can_spend, estimate (if asked) and, when the API reports
        them, held, available (balance - held) and spend_mode. Money as Decimal."""
        return self._call("GET", "/v1/balance" + _direct.estimate_query(estimate)).body

    def can_spend(self, estimate: Any) -> bool:
        """Whether the available credits (balance - open reservations; always True in SOFT spend mode) cover
        ``estimate`` (GET /v1/balance?estimate=). Nothing is held: reserve() holds the credits."""
        return bool(self.balance(estimate)["can_spend"])

    def event_status(self, event_id: Any) -> Optional[Dict[str, Any]]:
        """GET /v1/events/{id}; None when the API does not know the event (yet). Money as Decimal."""
        answer = self._call("GET", f"/v1/events/{_direct.quote(event_id)}", not_found_is_none=True)
        return None if answer is None else answer.body

    def charge(self, amount: Any, *, request_id: Optional[str] = None, feature_id: Optional[str] = None,
               description: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None,
               reservation_id: Optional[str] = None) -> Dict[str, Any]:
        """POST /v1/charges: the charge (created=True), or the original for a request_id already charged
        (created=False). The request_id (generated when not given) is fixed before the first attempt and re-sent by
        the retries, so the charge happens once. Raises InsufficientCreditsError (402, HARD spend mode) or
        MeterlineError (409 IDEMPOTENCY_CONFLICT, 422, ...)."""
        body = _direct.charge_body(amount, request_id, feature_id, description, metadata, reservation_id)
        return _direct.with_created(self._call("POST", "/v1/charges", body))

    def get_charge(self, request_id: str) -> Optional[Dict[str, Any]]:
        """GET /v1/charges/{request_id}; None when the customer has no such charge."""
        return _direct.with_created(self._call("GET", f"/v1/charges/{_direct.quote(request_id)}",
                                               not_found_is_none=True), False)

    def refund(self, *, reason: str, charge_request_id: Optional[str] = None, event_id: Any = None,
               amount: Any = None, refund_id: Optional[str] = None) -> Dict[str, Any]:
        """POST /v1/refunds: refunds a charge or a priced usage event (amount: all not refunded yet by default), once
        per refund_id (generated when not given, re-sent by the retries)."""
        body = _direct.refund_body(reason, charge_request_id, event_id, amount, refund_id)
        return _direct.with_created(self._call("POST", "/v1/refunds", body))

    def reserve(self, estimate: Any, *, reservation_id: Optional[str] = None, ttl_seconds: Optional[int] = None,
                feature_id: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """POST /v1/reservations: holds ``estimate`` credits until an event or charge naming the reservation settles
        it, it is released or it expires; once per reservation_id (generated when not given, re-sent by the
        retries). Raises InsufficientCreditsError (402) when a HARD-mode wallet cannot cover the estimate."""
        body = _direct.reserve_body(estimate, reservation_id, ttl_seconds, feature_id, metadata)
        return _direct.with_created(self._call("POST", "/v1/reservations", body))

    def release(self, reservation_id: str) -> Dict[str, Any]:
        """DELETE /v1/reservations/{id}: now RELEASED; MeterlineError 409 RESERVATION_CLOSED if settled or expired."""
        return _direct.with_created(self._call("DELETE", f"/v1/reservations/{_direct.quote(reservation_id)}"), False)

    def get_reservation(self, reservation_id: str) -> Optional[Dict[str, Any]]:
        """GET /v1/reservations/{id}; None when the customer has no such reservation."""
        return _direct.with_created(self._call("GET", f"/v1/reservations/{_direct.quote(reservation_id)}",
                                               not_found_is_none=True), False)

    # ------------------------------------------------------------------ internals

    def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None,
              not_found_is_none: bool = False) -> Optional[_direct.Answer]:
        content = None if body is None else _direct.encode(body)
        attempt = 0
        while True:
            try:
                r = self._http.request(method, self._opts.base_url + path, content=content,
                                       headers=_direct.headers(self._opts, content is not None))
                result = _direct.outcome(self._opts, attempt, r.status_code, r.content, r.headers.get("retry-after"),
                                         not_found_is_none)
            except httpx.HTTPError as ex:
                result = _direct.outcome(self._opts, attempt, None, None, None, not_found_is_none, ex)
            if not isinstance(result, _direct.Retry):
                return result
            time.sleep(result.delay)
            attempt += 1

    def _report(self, error: DeliveryError) -> None:
        try:
            self._report_fn(error)
        except Exception:  # noqa: BLE001 - a failing handler must not stop delivery
            import logging
            logging.getLogger("meterline").exception("the on_error handler raised")

    def _next_batch(self):
        """Waits for a batch to be due: full, flush_interval after its first event, or flush/close asked."""
        opts = self._opts
        with self._lock:
            while not self._queue:
                if self._closed:
                    return None
                self._lock.wait()
            first_seen = time.monotonic()
            while True:
                q = self._queue
                due = (self._closed or self._flush_up_to >= q[0].seq or len(q) >= opts.max_batch_events
                       or self._queued_bytes >= opts.max_batch_bytes
                       or time.monotonic() - first_seen >= opts.flush_interval)
                if due:
                    batch = _core.take_batch(q, opts)
                    self._queued_bytes -= sum(len(x.json) + 1 for x in batch)
                    self._lock.notify_all()  # room for blocked track() calls
                    return batch
                self._lock.wait(max(0.001, opts.flush_interval - (time.monotonic() - first_seen)))

    def _run(self) -> None:
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            try:
                self._deliver(batch)
            except Exception as ex:  # noqa: BLE001 - never let the thread die with events in hand
                with self._lock:
                    self._counters.failed += len(batch)
                for q in batch:
                    self._report(DeliveryError(q.event, 0, "CLIENT_ERROR", None, repr(ex)))
            with self._lock:
                self._settled_seq = batch[-1].seq
                self._lock.notify_all()

    def _deliver(self, batch) -> None:
        steps = _core.delivery(batch, self._opts, self._counters, self._report)
        result = None
        try:
            while True:
                kind, arg = steps.send(result)
                if kind == "send":
                    result = self._send(arg)
                else:
                    time.sleep(arg)
                    result = None
        except StopIteration:
            pass

    def _send(self, events) -> v.Verdict:
        try:
            r = self._http.post(self._opts.base_url + "/v1/events/ingest", content=_core.body(events, self._opts.gzip),
                                headers=_core.headers(self._opts))
        except httpx.HTTPError as ex:
            return v.network(ex)
        return v.verdict_of(r.status_code, r.content, r.headers.get("retry-after"), len(events))
