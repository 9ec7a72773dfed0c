import { randomUUID } from "node:crypto";
import { InsufficientCreditsError, MeterlineError } from "./errors.js";
import type { Balance, Charge, ChargeOptions, EventStatus, Refund, RefundRequest, Reservation, ReserveOptions } from "./types.js";
import { backoffDelay, parseRetryAfter } from "./verdict.js";

export interface DirectSettings {
  base: string;
  apiKey: string;
  fetch: typeof fetch;
  requestTimeoutMs: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  directRetries: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const enc = encodeURIComponent;
/** A JSON body without its undefined fields. */
const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

/**
 * The direct calls (not the event batches): balance, event status, charges, refunds, reservations. Each write's
 * idempotency key (request_id, refund_id, reservation_id) is fixed once per call, before the first attempt (a new
 * UUID unless given), and the very same body is re-sent by the retries, which happen only where a retry cannot do
 * harm: a network error, 429 or 503 (backoff with jitter, Retry-After a lower bound), at most `directRetries`
 * times. The API answers a repeated key with the original (200), so a charge, refund or hold happens once. Every
 * other answer is final: an error body becomes a MeterlineError (402 INSUFFICIENT_CREDITS an InsufficientCreditsError).
 */
export class DirectCalls {
  constructor(private readonly s: DirectSettings) {}

  async balance(estimate?: string | number): Promise<Balance> {
    const query = estimate === undefined ? "" : `?estimate=${enc(String(estimate))}`;
    return (await this.call("GET", `/v1/balance${query}`))!.body as Balance;
  }

  async eventStatus(eventId: string): Promise<EventStatus | null> {
    return ((await this.call("GET", `/v1/events/${enc(eventId)}`, undefined, true))?.body ?? null) as EventStatus | null;
  }

  async charge(amount: string | number, o: ChargeOptions = {}): Promise<Charge> {
    const body = compact({
      request_id: o.requestId ?? randomUUID(), amount: String(amount), feature_id: o.featureId,
      description: o.description, metadata: o.metadata, reservation_id: o.reservationId,
    });
    return this.created<Charge>(await this.call("POST", "/v1/charges", body));
  }

  async getCharge(requestId: string): Promise<Charge | null> {
    const a = await this.call("GET", `/v1/charges/${enc(requestId)}`, undefined, true);
    return a ? { ...(a.body as Charge), created: false } : null;
  }

  async refund(r: RefundRequest): Promise<Refund> {
    if ((r.chargeRequestId == null) === (r.eventId == null)) throw new TypeError("exactly one of chargeRequestId and eventId");
    if (!r.reason) throw new TypeError("reason is required");
    const body = compact({
      refund_id: r.refundId ?? randomUUID(), charge_request_id: r.chargeRequestId, event_id: r.eventId,
      amount: r.amount === undefined ? undefined : String(r.amount), reason: r.reason,
    });
    return this.created<Refund>(await this.call("POST", "/v1/refunds", body));
  }

  async reserve(estimate: string | number, o: ReserveOptions = {}): Promise<Reservation> {
    const body = compact({
      reservation_id: o.reservationId ?? randomUUID(), estimate: String(estimate), ttl_seconds: o.ttlSeconds,
      feature_id: o.featureId, metadata: o.metadata,
    });
    return this.created<Reservation>(await this.call("POST", "/v1/reservations", body));
  }

  async release(reservationId: string): Promise<Reservation> {
    return { ...((await this.call("DELETE", `/v1/reservations/${enc(reservationId)}`))!.body as Reservation), created: false };
  }

  async getReservation(reservationId: string): Promise<Reservation | null> {
    const a = await this.call("GET", `/v1/reservations/${enc(reservationId)}`, undefined, true);
    return a ? { ...(a.body as Reservation), created: false } : null;
  }

  private created<T>(a: { body: unknown; status: number } | null): T {
    return { ...(a!.body as object), created: a!.status === 201 } as T;
  }

  /** The 2xx answer (body and status); null for a 404 when notFoundIsNull. */
  private async call(method: string, path: string, body?: unknown, notFoundIsNull = false): Promise<{ body: unknown; status: number } | null> {
    const headers: Record<string, string> = { "X-Api-Key": this.s.apiKey, Accept: "application/json", "User-Agent": "meterline-sdk-typescript/0.1" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const payload = body === undefined ? undefined : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.s.fetch(this.s.base + path, { method, headers, body: payload, signal: AbortSignal.timeout(this.s.requestTimeoutMs) });
      } catch (e) {
        if (attempt >= this.s.directRetries) throw new MeterlineError(0, "NETWORK_ERROR", String(e));
        await sleep(backoffDelay(attempt, this.s.initialBackoffMs, this.s.maxBackoffMs, null));
        continue;
      }
      const text = await response.text();
      if ((response.status === 429 || response.status === 503) && attempt < this.s.directRetries) {
        await sleep(backoffDelay(attempt, this.s.initialBackoffMs, this.s.maxBackoffMs, parseRetryAfter(response.headers.get("retry-after"))));
        continue;
      }
      let doc: any = {};
      try {
        doc = text ? JSON.parse(text) : {};
      } catch {
        doc = {};
      }
      if (doc === null || typeof doc !== "object") doc = {};
      if (response.status >= 200 && response.status < 300) return { body: doc, status: response.status };
      if (response.status === 404 && notFoundIsNull) return null;
      throw errorOf(response.status, doc);
    }
  }
}

function errorOf(status: number, doc: any): MeterlineError {
  const code = typeof doc.error === "string" ? doc.error : `HTTP_${status}`;
  const message = typeof doc.message === "string" ? doc.message : "";
  const details = Array.isArray(doc.details) ? doc.details : [];
  if (status === 402 && code === "INSUFFICIENT_CREDITS") {
    const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
    return new InsufficientCreditsError(message, details, str(doc.available), str(doc.estimate ?? doc.amount));
  }
  return new MeterlineError(status, code, message, details);
}
