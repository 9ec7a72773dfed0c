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
