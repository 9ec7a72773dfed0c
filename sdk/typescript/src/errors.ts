/** A direct call failed: the API's error body (`status`, `code`, `message`, `details`) or a network error (status 0). */
export class MeterlineError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(status === 0 ? `${code}: ${message}` : `HTTP ${status} ${code}: ${message}`);
    this.name = "MeterlineError";
  }
}

/** `track` with onFull "raise" and a full queue; the event was not queued. */
export class QueueFullError extends Error {
  constructor(capacity: number) {
    super(`the Meterline queue is full (${capacity} events); the event was not queued`);
    this.name = "QueueFullError";
  }
}

/**
 * 402 INSUFFICIENT_CREDITS: the wallet is in HARD spend mode and its available credits (balance − holds) do not
 * cover the reservation or charge; nothing was written. `available` and `estimate` as the API reported them
 * (exact decimal strings, null when it did not say).
 */
export class InsufficientCreditsError extends MeterlineError {
  constructor(
    message: string,
    details: unknown[],
    readonly available: string | null,
    readonly estimate: string | null,
  ) {
    super(402, "INSUFFICIENT_CREDITS", message, details);
    this.name = "InsufficientCreditsError";
  }
}
