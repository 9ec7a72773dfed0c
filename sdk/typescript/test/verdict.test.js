import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelay, parseRetryAfter, verdictOf } from "../dist/index.js";

// The table of ingest answers (docs/ingestion-api.md); the same cases as the Java and Python SDKs.
test("retryable answers", () => {
  for (const status of [429, 500, 502, 503, 504]) assert.equal(verdictOf(status, '{"error":"X","message":"m"}', null, 3).kind, "retry");
  const r = verdictOf(409, '{"error":"IN_FLIGHT","message":"m","details":[]}', "5", 3);
  assert.deepEqual([r.kind, r.retryAfterMs], ["retry", 5000]);
  assert.equal(verdictOf(503, "<html>bad gateway</html>", null, 1).kind, "retry");
});

test("final answers are never retried", () => {
  for (const status of [400, 401, 404, 415]) {
    const f = verdictOf(status, '{"error":"UNAUTHORIZED","message":"bad key"}', null, 2);
    assert.deepEqual([f.kind, f.status, f.code], ["failAll", status, "UNAUTHORIZED"]);
  }
  assert.equal(verdictOf(409, '{"error":"CONFLICT"}', null, 2).kind, "failAll");
  assert.equal(verdictOf(413, '{"error":"PAYLOAD_TOO_LARGE"}', null, 1).kind, "failAll");
  assert.equal(verdictOf(413, '{"error":"PAYLOAD_TOO_LARGE"}', null, 2).kind, "split");
});

test("partial: listed events fail, IN_FLIGHT ones are re-sent", () => {
  const s = verdictOf(202, JSON.stringify({ status: "partial", errors: [
    { index: 1, event_id: "x", code: "INVALID_VALUE", field: "input_tokens", message: "negative" },
    { index: 3, event_id: "y", code: "IN_FLIGHT", field: null, message: "retry" }] }), null, 4);
  assert.deepEqual(s, { kind: "settled", sent: 2, resend: [3],
    failed: [{ index: 1, status: 202, code: "INVALID_VALUE", field: "input_tokens", message: "negative" }] });
});

test("422 counts unlisted events as duplicates; 403 re-sends them", () => {
  const details = [{ index: 0, event_id: "x", code: "TIMESTAMP_OUT_OF_RANGE", field: "timestamp", message: "old" }];
  const v = verdictOf(422, JSON.stringify({ error: "VALIDATION_ERROR", message: "m", details }), null, 2);
  assert.deepEqual([v.sent, v.resend, v.failed[0].code], [1, [], "TIMESTAMP_OUT_OF_RANGE"]);
  const f = verdictOf(403, JSON.stringify({ error: "CUSTOMER_MISMATCH", message: "m", details: [{ index: 1, code: "CUSTOMER_MISMATCH", field: "customer_id" }] }), null, 3);
  assert.deepEqual([f.sent, f.resend, f.failed[0].index], [0, [0, 2], 1]);
});

test("Retry-After and backoff", () => {
  assert.equal(parseRetryAfter(" 7 "), 7000);
  assert.equal(parseRetryAfter("soon"), null);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), 0);
  for (let i = 0; i < 200; i++) {
    const d0 = backoffDelay(0, 100, 2000, null), d3 = backoffDelay(3, 100, 2000, null), d20 = backoffDelay(20, 100, 2000, null);
    assert.ok(d0 >= 50 && d0 <= 100 && d3 >= 400 && d3 <= 800 && d20 >= 1000 && d20 <= 2000, `${d0} ${d3} ${d20}`);
    assert.equal(backoffDelay(0, 100, 2000, 5000), 5000);
  }
  assert.equal(backoffDelay(0, 100, 2000, 3 * 3600 * 1000), 5 * 60 * 1000);
});
