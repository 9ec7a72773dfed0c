/**
 * What one answer of POST /v1/events/ingest means for the batch sent (docs/ingestion-api.md); the same table as
 * the Java and Python SDKs:
 * - 200/202: settled; per-event errors fail their events, except IN_FLIGHT ones, which are re-sent.
 * - network error, 429, 409 IN_FLIGHT, 500/502/503/504: re-send the same batch unchanged (after Retry-After). The
 *   events keep their ids, so the API's dedup makes the retry safe whatever the first attempt did.
 * - 422: nothing accepted; the listed events fail, the others were duplicates of accepted events.
 * - 403 with details: the listed (foreign customer) events fail, the others are re-sent without them.
 * - 413: split the batch in two. Any other 4xx: every event fails with the answer's code, never retried.
 */
export type Verdict =
  | { kind: "retry"; retryAfterMs: number | null; reason: string }
  | { kind: "settled"; sent: number; failed: EventFailure[]; resend: number[] }
  | { kind: "split" }
  | { kind: "failAll"; status: number; code: string; message: string };

export interface EventFailure {
  index: number;
  status: number;
  code: string;
  field: string | null;
  message: string;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export function networkVerdict(error: unknown): Verdict {
  return { kind: "retry", retryAfterMs: null, reason: `network error: ${String(error)}` };
}

export function verdictOf(status: number, bodyText: string, retryAfter: string | null, batchSize: number): Verdict {
  let body: any = {};
  try {
    body = bodyText ? JSON.parse(bodyText) : {};
  } catch {
    body = {};
  }
  if (body === null || typeof body !== "object") body = {};
  const code: string = typeof body.error === "string" ? body.error : `HTTP_${status}`;
  const message: string = typeof body.message === "string" ? body.message : `HTTP ${status}`;
  if (status === 200 || status === 202) return settled(status, body.errors, batchSize, false);
  if (RETRY_STATUSES.has(status) || (status === 409 && code === "IN_FLIGHT")) {
    return { kind: "retry", retryAfterMs: parseRetryAfter(retryAfter), reason: `${status} ${code}: ${message}` };
  }
  const details = Array.isArray(body.details) ? body.details : [];
  if (status === 422 && details.length > 0) return settled(status, details, batchSize, false);
  if (status === 403 && details.length > 0) return settled(status, details, batchSize, true);
  if (status === 413 && batchSize > 1) return { kind: "split" };
  return { kind: "failAll", status, code, message };
}

function settled(status: number, errors: unknown, batchSize: number, resendOthers: boolean): Verdict {
  const failed: EventFailure[] = [];
  const resend: number[] = [];
  const listed = new Array<boolean>(batchSize).fill(false);
  for (const e of Array.isArray(errors) ? errors : []) {
    const index = typeof e?.index === "number" ? e.index : -1;
    if (index < 0 || index >= batchSize || listed[index]) continue;
    listed[index] = true;
    const code = typeof e.code === "string" ? e.code : "UNKNOWN";
    if (code === "IN_FLIGHT") resend.push(index);
    else failed.push({ index, status, code, field: typeof e.field === "string" ? e.field : null, message: String(e.message ?? code) });
  }
  let sent = 0;
  for (let i = 0; i < batchSize; i++) {
    if (!listed[i]) {
      if (resendOthers) resend.push(i);
      else sent++;
    }
  }
  return { kind: "settled", sent, failed, resend };
}

/** Retry-After as delta-seconds or an HTTP date, in ms; null when absent or unreadable. */
export function parseRetryAfter(header: string | null): number | null {
  if (header == null || header.trim() === "") return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * Attempt n waits a random time in [d/2, d], d = min(max, initial * 2^n); Retry-After is a lower bound (capped at
 * five minutes so a wrong header cannot park the client).
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, retryAfterMs: number | null): number {
  const d = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  const jittered = d / 2 + Math.random() * (d / 2);
  if (retryAfterMs == null) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
