/** Event types the ingest API accepts (exact case). */
export type EventType = "TOKEN_USAGE" | "API_CALL" | "IMAGE_GENERATION" | "AUDIO" | "CUSTOM";

/**
 * One usage event with the ingest API's own field names. `event_id` and `timestamp` may be left out: `track`
 * assigns them once, so every retry re-sends the same id and Meterline's dedup makes retries safe.
 * `input_tokens` counts **uncached** input only; cached reads go in `cached_input_tokens`, cache writes in
 * `cache_write_tokens`. Pass `quantity` as a decimal string to keep it exact.
 */
export interface UsageEvent {
  event_id?: string;
  customer_id?: string;
  event_type: EventType;
  feature_id: string;
  provider?: string;
  model?: string;
  input_tokens?: number;
  cached_input_tokens?: number;
  cache_write_tokens?: number;
  output_tokens?: number;
  quantity?: string | number;
  unit?: string;
  timestamp?: string;
  user_id?: string;
  team_id?: string;
  metadata?: Record<string, unknown>;
  idempotency_key?: string;
  /** An open reservation this usage settles (its hold is released, the event's cost burned as usual). */
  reservation_id?: string;
  /** Accepted for reservation_id (sent as reservation_id). */
  reservationId?: string;
}

/** An event as tracked: id, timestamp and customer filled in. */
export type TrackedEvent = UsageEvent & { event_id: string; customer_id: string; timestamp: string };

/**
 * An event the SDK gave up on: refused by the API (a per-event error with its field, or a whole-batch answer such
 * as 401), `RETRIES_EXHAUSTED`, `QUEUE_FULL` (onFull "drop") or `NOT_DELIVERED` (still queued when close timed
 * out). `httpStatus` is 0 when no HTTP answer applies.
 */
export interface DeliveryError {
  event: TrackedEvent;
  httpStatus: number;
  code: string;
  field: string | null;
  message: string;
}

/** queued: tracked, not yet settled; sent: accepted or duplicates; retried: events re-sent; failed/dropped: reported. */
export interface Metrics {
  queued: number;
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
}

export type OnFull = "block" | "drop" | "raise";

export interface MeterlineOptions {
  baseUrl: string;
  apiKey: string;
  /** Customer of events that do not name one (normally the API key's customer). */
  customerId?: string;
  /** Default 1000 ms. */
  flushIntervalMs?: number;
  /** Default and maximum 1000. */
  maxBatchEvents?: number;
  /** JSON bytes per batch before gzip; default and maximum 5 MiB. */
  maxBatchBytes?: number;
  /** Default 100,000. */
  maxQueueSize?: number;
  /** Default "block": `await track()` waits for room. */
  onFull?: OnFull;
  /** Default true. */
  gzip?: boolean;
  /** Re-sends of one batch before RETRIES_EXHAUSTED; default 10. */
  maxRetries?: number;
  /** Default 200 ms. */
  initialBackoffMs?: number;
  /** Default 30,000 ms. */
  maxBackoffMs?: number;
  /** Default 30,000 ms. */
  requestTimeoutMs?: number;
  /** How long close() (and the exit hook) wait; default 30,000 ms. */
  shutdownTimeoutMs?: number;
  /** Deliver what is queued when the event loop empties (process 'beforeExit'); default true. */
  exitHook?: boolean;
  /** Called for every event given up on; the default writes a warning to stderr. */
  onError?: (error: DeliveryError) => void;
  /** Re-sends of a direct call (charge, refund, reserve, ...) after a network error, 429 or 503; default 3. */
  directRetries?: number;
  /** For tests and custom agents; default globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface Balance {
  /** Credits, an exact decimal string. */
  balance: string;
  currency: string;
  low_balance: boolean;
  can_spend: boolean;
  estimate?: string;
  /** Credits held by open reservations (when the API reports it). */
  held?: string;
  /** balance − held: what canSpend compares with (when the API reports it). */
  available?: string;
  spend_mode?: "SOFT" | "HARD" | string;
}

/** Options of charge(); requestId is the idempotency key, generated once per call when absent. */
export interface ChargeOptions {
  requestId?: string;
  featureId?: string;
  description?: string;
  metadata?: Record<string, unknown>;
  /** An open reservation this charge settles. */
  reservationId?: string;
}

/** A ledger row as the API shows it (money as exact decimal strings). */
export interface LedgerTransaction {
  id: number;
  seq?: number;
  type?: string;
  amount?: string;
  balance_before?: string;
  balance_after?: string;
  [field: string]: unknown;
}

/** A direct charge as the API shows it; `created` is true for the answer that charged (201), false for a replay. */
export interface Charge {
  customer_id: string;
  request_id: string;
  status: "CHARGED" | "PARTIALLY_REFUNDED" | "REFUNDED" | string;
  amount: string;
  refunded_amount: string;
  feature_id?: string | null;
  description?: string | null;
  metadata?: Record<string, unknown> | null;
  reservation_id?: string | null;
  created_at: string;
  ledger_transaction?: LedgerTransaction;
  created: boolean;
}

/** refund(): exactly one of chargeRequestId and eventId; amount defaults to all not refunded yet. */
export interface RefundRequest {
  chargeRequestId?: string;
  eventId?: string;
  reason: string;
  amount?: string | number;
  /** The idempotency key, generated once per call when absent. */
  refundId?: string;
}

export interface Refund {
  customer_id: string;
  refund_id: string;
  charge_request_id?: string;
  event_id?: string;
  amount: string;
  reason: string;
  feature_id?: string | null;
  original_ledger_tx_id?: number;
  created_at: string;
  ledger_transaction?: LedgerTransaction;
  created: boolean;
}

/** Options of reserve(): reservationId is the idempotency key, generated once per call when absent. */
export interface ReserveOptions {
  reservationId?: string;
  /** Default (the API's) 300, 1..86400. */
  ttlSeconds?: number;
  featureId?: string;
  metadata?: Record<string, unknown>;
}

/**
 * A hold of `estimate` credits: OPEN, then SETTLED (by the first event or charge naming it), RELEASED or EXPIRED.
 * The wallet figures come with the answer of reserve(); `created` is true for the answer that took the hold (201).
 */
export interface Reservation {
  reservation_id: string;
  customer_id: string;
  estimate: string;
  status: "OPEN" | "SETTLED" | "RELEASED" | "EXPIRED" | string;
  feature_id?: string | null;
  expires_at: string;
  created_at: string;
  settled_amount?: string | null;
  settled_by?: { kind: "event" | "charge" | string; id: string } | null;
  closed_at?: string | null;
  balance?: string;
  held?: string;
  available?: string;
  spend_mode?: string;
  created: boolean;
}

export interface EventStatus {
  event_id: string;
  status: "PENDING" | "PRICED" | "UNPRICED" | "REJECTED" | string;
  cost_usd: string | null;
  credits: string | null;
  event_type?: string;
  feature_id?: string;
  provider?: string;
  model?: string;
  timestamp?: string;
  received_at?: string;
  processed_at?: string;
  batch_id?: string;
  reason?: string;
}
