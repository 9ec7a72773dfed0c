import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { gzip as gzipCb } from "node:zlib";
import { DirectCalls } from "./direct.js";
import { QueueFullError } from "./errors.js";
import type { Balance, Charge, ChargeOptions, DeliveryError, EventStatus, MeterlineOptions, Metrics, Refund, RefundRequest, Reservation, ReserveOptions, TrackedEvent, UsageEvent } from "./types.js";
import { backoffDelay, networkVerdict, verdictOf, type Verdict } from "./verdict.js";

const gzip = promisify(gzipCb);
const HEAD = '{"events":[';
const TAIL = "]}";
const MAX_BATCH_BYTES = 5 * 1024 * 1024;

interface Queued {
  event: TrackedEvent;
  json: string;
  bytes: number;
  seq: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Meterline client. `track` queues an event (assigning its event_id at once); one background loop sends
 * batches (gzip, up to 1000 events or 5 MiB, every flush interval), one at a time and in queue order, re-sending a
 * batch unchanged on a network error, 429, 409 IN_FLIGHT or 5xx, so a retry is deduplicated by the API and billed
 * once. `flush()` and `close()` deliver what is queued; with `exitHook` the client also delivers on 'beforeExit'.
 */
export class MeterlineClient {
  private readonly opts: Required<Omit<MeterlineOptions, "customerId" | "fetch">> & { customerId?: string };
  private readonly fetch: typeof fetch;
  private readonly base: string;
  private readonly queue: Queued[] = [];
  private head = 0; // index of the first queued event (the array is compacted now and then)
  private queuedBytes = 0;
  private seq = 0;
  private settledSeq = 0;
  private readonly counters = { sent: 0, retried: 0, failed: 0, dropped: 0 };
  private flushUpTo = 0;
  private closed = false;
  private wake: (() => void) | null = null;
  private readonly settledWaiters: { seq: number; resolve: () => void }[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private readonly loop: Promise<void>;
  private readonly direct: DirectCalls;
  private readonly onBeforeExit?: () => void;

  constructor(options: MeterlineOptions) {
    if (!options?.baseUrl || !options?.apiKey) throw new TypeError("baseUrl and apiKey are required");
    this.opts = {
      customerId: options.customerId,
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxBatchEvents: options.maxBatchEvents ?? 1000,
      maxBatchBytes: options.maxBatchBytes ?? MAX_BATCH_BYTES,
      maxQueueSize: options.maxQueueSize ?? 100_000,
      onFull: options.onFull ?? "block",
      gzip: options.gzip ?? true,
      maxRetries: options.maxRetries ?? 10,
      initialBackoffMs: options.initialBackoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? 30_000,
      exitHook: options.exitHook ?? true,
      directRetries: options.directRetries ?? 3,
      onError: options.onError ?? ((e) => console.warn(`meterline: event ${e.event.event_id} not delivered: ${e.code} ${e.field ?? ""} ${e.message}`)),
    };
    if (this.opts.maxBatchEvents < 1 || this.opts.maxBatchEvents > 1000) throw new RangeError("maxBatchEvents must be 1..1000");
    if (this.opts.maxBatchBytes < 1024 || this.opts.maxBatchBytes > MAX_BATCH_BYTES) throw new RangeError("maxBatchBytes must be 1 KiB..5 MiB");
    this.fetch = options.fetch ?? globalThis.fetch;
    this.base = this.opts.baseUrl.replace(/\/+$/, "");
    this.direct = new DirectCalls({
      base: this.base, apiKey: this.opts.apiKey, fetch: this.fetch, requestTimeoutMs: this.opts.requestTimeoutMs,
      initialBackoffMs: this.opts.initialBackoffMs, maxBackoffMs: this.opts.maxBackoffMs, directRetries: this.opts.directRetries,
    });
    this.loop = this.run();
    if (this.opts.exitHook && typeof process !== "undefined") {
      this.onBeforeExit = () => {
        if (this.pending() > 0) void this.close();
      };
      process.on("beforeExit", this.onBeforeExit);
    }
  }

  /**
   * Queues the event and resolves with it as it will be sent (event_id, timestamp and customer_id filled in).
   * The event is queued synchronously when there is room; when the queue is full, onFull "block" resolves once
   * there is room, "drop" reports QUEUE_FULL to onError and resolves, "raise" rejects with QueueFullError.
   * Throws TypeError at once when customer_id or feature_id is missing, or after close().
   */
  track(event: UsageEvent): Promise<TrackedEvent> {
    if (this.closed) throw new TypeError("the Meterline client is closed");
    const { reservationId, ...fields } = event;
    const tracked: TrackedEvent = {
      ...fields,
      ...(reservationId !== undefined && fields.reservation_id === undefined ? { reservation_id: reservationId } : {}),
      event_id: event.event_id ?? randomUUID(),
      customer_id: event.customer_id ?? this.opts.customerId ?? "",
      timestamp: event.timestamp ?? new Date().toISOString(),
    };
    if (!tracked.customer_id) throw new TypeError("customer_id is required: set it on the event or on the client");
    if (!tracked.feature_id) throw new TypeError("feature_id is required");
    const json = JSON.stringify(tracked);
    if (this.size() < this.opts.maxQueueSize) {
      this.enqueue(tracked, json);
      return Promise.resolve(tracked);
    }
    switch (this.opts.onFull) {
      case "drop":
        this.counters.dropped++;
        this.report({ event: tracked, httpStatus: 0, code: "QUEUE_FULL", field: null, message: `the queue holds ${this.opts.maxQueueSize} events; this one was dropped` });
        return Promise.resolve(tracked);
      case "raise":
        return Promise.reject(new QueueFullError(this.opts.maxQueueSize));
      default:
        return new Promise((resolve) => {
          const tryAgain = () => {
            if (this.size() < this.opts.maxQueueSize) {
              this.enqueue(tracked, json);
              resolve(tracked);
            } else this.roomWaiters.push(tryAgain);
          };
          this.roomWaiters.push(tryAgain);
        });
    }
  }

  /** Sends what was tracked so far now and resolves once it is settled (sent or reported): true, or false on timeout. */
  async flush(timeoutMs = this.opts.shutdownTimeoutMs): Promise<boolean> {
    const upTo = this.seq;
    if (this.settledSeq >= upTo) return true;
    this.flushUpTo = Math.max(this.flushUpTo, upTo);
    this.wakeUp();
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<boolean>((resolve) => this.settledWaiters.push({ seq: upTo, resolve: () => resolve(true) }));
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs); // ref'd: keeps the process alive while delivering
    });
    try {
      return await Promise.race([settled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops accepting events and delivers what is queued; true if everything was settled within the timeout. */
  async close(timeoutMs = this.opts.shutdownTimeoutMs): Promise<boolean> {
    this.closed = true;
    if (this.onBeforeExit) process.removeListener("beforeExit", this.onBeforeExit);
    const done = await this.flush(timeoutMs);
    this.wakeUp();
    if (done) await this.loop;
    return done;
  }

  metrics(): Metrics {
    return { queued: this.pending(), ...this.counters };
  }

  /** GET /v1/balance (money as exact decimal strings; held, available and spend_mode when the API reports them). */
  balance(estimate?: string | number): Promise<Balance> {
    return this.direct.balance(estimate);
  }

  /**
   * Whether the available credits (balance − open reservations; always true in SOFT spend mode) cover `estimate`
   * (GET /v1/balance?estimate=). Nothing is held: reserve() holds the credits.
   */
  async canSpend(estimate: string | number): Promise<boolean> {
    return (await this.balance(estimate)).can_spend;
  }

  /** GET /v1/events/{id}; null when the API does not know the event (yet). */
  eventStatus(eventId: string): Promise<EventStatus | null> {
    return this.direct.eventStatus(eventId);
  }

  /**
   * POST /v1/charges: the charge (created, or the original for a request id already charged). The request id
   * (generated when absent) is fixed before the first attempt and re-sent by the retries (network error, 429, 503),
   * so the charge happens once. Rejects with InsufficientCreditsError (402, HARD spend mode), or MeterlineError
   * (409 IDEMPOTENCY_CONFLICT, 422 ...).
   */
  charge(amount: string | number, options?: ChargeOptions): Promise<Charge> {
    return this.direct.charge(amount, options);
  }

  /** GET /v1/charges/{request_id}; null when the customer has no such charge. */
  getCharge(requestId: string): Promise<Charge | null> {
    return this.direct.getCharge(requestId);
  }

  /** POST /v1/refunds: refunds a charge or a priced usage event, once per refund id (generated when absent). */
  refund(request: RefundRequest): Promise<Refund> {
    return this.direct.refund(request);
  }

  /**
   * POST /v1/reservations: holds `estimate` credits until an event or charge naming the reservation settles it,
   * it is released or it expires; once per reservation id (generated when absent, re-sent by the retries). Rejects
   * with InsufficientCreditsError (402) when a HARD-mode wallet's available credits are below the estimate.
   */
  reserve(estimate: string | number, options?: ReserveOptions): Promise<Reservation> {
    return this.direct.reserve(estimate, options);
  }

  /** DELETE /v1/reservations/{id}: now RELEASED; MeterlineError 409 RESERVATION_CLOSED for a settled or expired one. */
  release(reservationId: string): Promise<Reservation> {
    return this.direct.release(reservationId);
  }

  /** GET /v1/reservations/{id}; null when the customer has no such reservation. */
  getReservation(reservationId: string): Promise<Reservation | null> {
    return this.direct.getReservation(reservationId);
  }

  // ------------------------------------------------------------------ internals

  private size(): number {
    return this.queue.length - this.head;
  }

  private pending(): number {
    return this.seq - this.counters.sent - this.counters.failed;
  }

  private enqueue(event: TrackedEvent, json: string): void {
    const bytes = Buffer.byteLength(json);
    this.queue.push({ event, json, bytes, seq: ++this.seq });
    this.queuedBytes += bytes + 1;
    if (this.size() >= this.opts.maxBatchEvents || this.queuedBytes >= this.opts.maxBatchBytes) this.wakeUp();
    else if (this.size() === 1) this.wakeUp(); // starts the interval clock of a new batch
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private waitForWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      timer.unref(); // an idle client never keeps the process alive
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private ready(batchStart: number): boolean {
    return (
      this.closed ||
      this.flushUpTo >= this.queue[this.head].seq ||
      this.size() >= this.opts.maxBatchEvents ||
      this.queuedBytes >= this.opts.maxBatchBytes ||
      Date.now() - batchStart >= this.opts.flushIntervalMs
    );
  }

  private async run(): Promise<void> {
    for (;;) {
      if (this.size() === 0) {
        if (this.closed) return;
        await this.waitForWake(60_000);
        continue;
      }
      const start = Date.now();
      while (!this.ready(start)) await this.waitForWake(Math.max(1, this.opts.flushIntervalMs - (Date.now() - start)));
      const batch = this.take();
      try {
        await this.deliver(batch, 0);
      } catch (e) {
        this.fail(batch, 0, "CLIENT_ERROR", null, String(e));
      }
      this.settledSeq = batch[batch.length - 1].seq;
      for (let i = this.settledWaiters.length - 1; i >= 0; i--) {
        if (this.settledWaiters[i].seq <= this.settledSeq) this.settledWaiters.splice(i, 1)[0].resolve();
      }
    }
  }

  private take(): Queued[] {
    const batch: Queued[] = [];
    let bytes = HEAD.length + TAIL.length;
    while (this.size() > 0 && batch.length < this.opts.maxBatchEvents) {
      const next = this.queue[this.head];
      if (batch.length > 0 && bytes + 1 + next.bytes > this.opts.maxBatchBytes) break;
      batch.push(next);
      bytes += 1 + next.bytes;
      this.queuedBytes -= next.bytes + 1;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    const waiters = this.roomWaiters.splice(0, batch.length);
    waiters.forEach((w) => w());
    return batch;
  }

  private async deliver(events: Queued[], attempt: number): Promise<void> {
    while (events.length > 0) {
      const verdict = await this.send(events);
      if (verdict.kind === "settled") {
        this.counters.sent += verdict.sent;
        for (const f of verdict.failed) this.fail([events[f.index]], f.status, f.code, f.field, f.message);
        if (verdict.resend.length === 0) return;
        const again = verdict.resend.map((i) => events[i]);
        if (!(await this.mayRetry(again, attempt, null, "IN_FLIGHT or refused with others"))) return;
        events = again;
      } else if (verdict.kind === "retry") {
        if (!(await this.mayRetry(events, attempt, verdict.retryAfterMs, verdict.reason))) return;
      } else if (verdict.kind === "split") {
        const half = Math.floor(events.length / 2);
        await this.deliver(events.slice(0, half), attempt);
        await this.deliver(events.slice(half), attempt);
        return;
      } else {
        this.fail(events, verdict.status, verdict.code, null, verdict.message);
        return;
      }
      attempt++;
    }
  }

  private async mayRetry(events: Queued[], attempt: number, retryAfterMs: number | null, reason: string): Promise<boolean> {
    if (attempt >= this.opts.maxRetries) {
      this.fail(events, 0, "RETRIES_EXHAUSTED", null, `gave up after ${attempt + 1} attempts; last: ${reason}`);
      return false;
    }
    await sleep(backoffDelay(attempt, this.opts.initialBackoffMs, this.opts.maxBackoffMs, retryAfterMs));
    this.counters.retried += events.length;
    return true;
  }

  private async send(events: Queued[]): Promise<Verdict> {
    const json = HEAD + events.map((e) => e.json).join(",") + TAIL;
    const headers: Record<string, string> = { "Content-Type": "application/json", "X-Api-Key": this.opts.apiKey, "User-Agent": "meterline-sdk-typescript/0.1" };
    let body: string | Uint8Array = json;
    if (this.opts.gzip) {
      body = new Uint8Array(await gzip(json));
      headers["Content-Encoding"] = "gzip";
    }
    try {
      const response = await this.fetch(`${this.base}/v1/events/ingest`, {
        method: "POST",
        headers,
        body: body as BodyInit,
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs),
      });
      const text = await response.text();
      return verdictOf(response.status, text, response.headers.get("retry-after"), events.length);
    } catch (e) {
      return networkVerdict(e);
    }
  }

  private fail(events: Queued[], status: number, code: string, field: string | null, message: string): void {
    this.counters.failed += events.length;
    for (const q of events) this.report({ event: q.event, httpStatus: status, code, field, message });
  }

  private report(error: DeliveryError): void {
    try {
      this.opts.onError(error);
    } catch (e) {
      console.warn("meterline: the onError handler threw", e);
    }
  }
}
