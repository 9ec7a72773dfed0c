"""The synchronous client: track() queues, one daemon thread sends."""
from __future__ import annotations

import atexit
import collections
import threading
import time
from typing import Any, Dict, Mapping, Optional

import httpx

from . import _core
from . import _verdict as v
from ._core import DeliveryError, MeterlineError, Metrics, Options, Queued, QueueFullError


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
        """GET /v1/balance: balance (Decimal), currency, low_balance, can_spend, estimate (Decimal, if asked)."""
        return _core.parse_balance(self._get("/v1/balance", _core.balance_params(estimate)))

    def can_spend(self, estimate: Any) -> bool:
        """Whether the balance covers ``estimate`` credits (GET /v1/balance?estimate=; nothing is reserved)."""
        return bool(self.balance(estimate)["can_spend"])

    def event_status(self, event_id: Any) -> Optional[Dict[str, Any]]:
        """GET /v1/events/{id}; None when the API does not know the event (yet). Money as Decimal."""
        content = self._get(f"/v1/events/{event_id}", {}, not_found_is_none=True)
        return None if content is None else _core.parse_status(content)

    # ------------------------------------------------------------------ internals

    def _get(self, path: str, params: Dict[str, str], not_found_is_none: bool = False) -> Optional[bytes]:
        try:
            r = self._http.get(self._opts.base_url + path, params=params,
                               headers={"X-Api-Key": self._opts.api_key, "Accept": "application/json"})
        except httpx.HTTPError as ex:
            raise MeterlineError(0, "NETWORK_ERROR", repr(ex)) from ex
        if r.status_code == 200:
            return r.content
        if r.status_code == 404 and not_found_is_none:
            return None
        raise _core.read_error(r.status_code, r.content)

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
