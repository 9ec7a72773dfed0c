import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { InsufficientCreditsError, MeterlineClient, MeterlineError } from "../dist/index.js";
import { DROP, json, startFakeApi } from "./fake-api.js";

// Charges, refunds and reservations against a local fake API: exact request bodies, ids generated once and
// re-sent by the retries (network error, 429, 503 only), 402 as InsufficientCreditsError.
let api;
beforeEach(async () => {
  api = await startFakeApi();
});
afterEach(() => api.close());

const client = (opts = {}) => new MeterlineClient({
  baseUrl: api.url, apiKey: "ml_test_key", customerId: "acme", exitHook: false, initialBackoffMs: 5, maxBackoffMs: 40, ...opts,
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const charge = (requestId) => ({
  customer_id: "acme", request_id: requestId, status: "CHARGED", amount: "25.000000000000", refunded_amount: "0.000000000000",
  feature_id: "pdf-report", description: "Q3 report", metadata: { pages: 12 }, created_at: "2026-11-21T12:00:00Z",
  ledger_transaction: { id: 118, seq: 7, type: "CHARGE", amount: "-25.000000000000", balance_after: "475.000000000000" },
});
const reservation = (id, extra = {}) => ({
  reservation_id: id, customer_id: "acme", estimate: "12.5", status: "OPEN", feature_id: "chat", expires_at: "2026-11-21T12:05:00Z",
  created_at: "2026-11-21T12:00:00Z", balance: "100.000000000000", held: "12.500000000000", available: "87.500000000000", spend_mode: "HARD", ...extra,
});
const INSUFFICIENT = { error: "INSUFFICIENT_CREDITS", message: "available 3.5 < estimate 12.5", available: "3.500000000000", estimate: "12.5", details: [] };

test("charge sends the exact body and retries 503, a dropped connection and 429 with the same generated request_id", async () => {
  api.reply(json(503, { error: "UNAVAILABLE", message: "db" }, { "Retry-After": "0" })).reply(DROP)
    .reply(json(429, { error: "RATE_LIMITED", message: "slow" }, { "Retry-After": "0" }))
    .reply((r) => json(200, charge(r.body.request_id)));
  const c = client();
  const got = await c.charge("25.00", { featureId: "pdf-report", description: "Q3 report", metadata: { pages: 12 }, reservationId: "res-1" });
  const id = api.requests[0].body.request_id;
  assert.match(id, UUID);
  assert.deepEqual(api.requests[0].body, { request_id: id, amount: "25.00", feature_id: "pdf-report", description: "Q3 report", metadata: { pages: 12 }, reservation_id: "res-1" });
  assert.equal(api.requests.length, 4);
  for (const r of api.requests) assert.deepEqual([r.method, r.path, r.body, r.headers["x-api-key"]], ["POST", "/v1/charges", api.requests[0].body, "ml_test_key"]);
  assert.deepEqual(got, { ...charge(id), created: false });
  await c.close();
});

test("each call gets its own request_id and a given one is kept", async () => {
  api.otherwise((r) => json(201, charge(r.body.request_id)));
  const c = client();
  assert.equal((await c.charge(1)).created, true);
  await c.charge("1");
  await c.charge(10, { requestId: "report-42" });
  assert.deepEqual(api.requests[0].body, { request_id: api.requests[0].body.request_id, amount: "1" });
  assert.notEqual(api.requests[0].body.request_id, api.requests[1].body.request_id);
  assert.equal(api.requests[2].body.request_id, "report-42");
  await c.close();
});

test("402 is an InsufficientCreditsError; 409, 500 and other errors are never retried", async () => {
  api.reply(json(402, INSUFFICIENT)).reply(json(409, { error: "IDEMPOTENCY_CONFLICT", message: "used", details: [] }))
    .reply(json(500, { error: "INTERNAL", message: "boom" }));
  const c = client();
  await assert.rejects(c.charge(10), (e) => e instanceof InsufficientCreditsError && e instanceof MeterlineError && e.status === 402
    && e.available === "3.500000000000" && e.estimate === "12.5");
  await assert.rejects(c.charge(10, { requestId: "r1" }), (e) => e.constructor === MeterlineError && e.code === "IDEMPOTENCY_CONFLICT");
  await assert.rejects(c.refund({ chargeRequestId: "r1", reason: "oops" }), (e) => e.status === 500);
  assert.equal(api.requests.length, 3);
  await c.close();
});

test("retries stop after directRetries, all with one reservation_id", async () => {
  api.otherwise(() => json(503, { error: "UNAVAILABLE", message: "down" }, { "Retry-After": "0" }));
  const c = client({ directRetries: 2, initialBackoffMs: 1 });
  await assert.rejects(c.reserve(1), (e) => e.code === "UNAVAILABLE" && e.status === 503);
  assert.equal(api.requests.length, 3);
  assert.equal(new Set(api.requests.map((r) => r.body.reservation_id)).size, 1);
  await c.close();
});

test("refund of a charge or of an event, retried with the same refund_id", async () => {
  const eventId = "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
  api.reply(DROP).reply((r) => json(201, { customer_id: "acme", refund_id: r.body.refund_id, charge_request_id: "report-42", amount: "10.000000000000", reason: "failed" }))
    .reply(json(201, { refund_id: "rf-2", event_id: eventId, amount: "0.5" }));
  const c = client();
  const r = await c.refund({ chargeRequestId: "report-42", amount: "10", reason: "failed" });
  const id = api.requests[0].body.refund_id;
  assert.match(id, UUID);
  assert.deepEqual(api.requests[0].body, { refund_id: id, charge_request_id: "report-42", amount: "10", reason: "failed" });
  assert.deepEqual(api.requests[1].body, api.requests[0].body);
  assert.deepEqual(r, { customer_id: "acme", refund_id: id, charge_request_id: "report-42", amount: "10.000000000000", reason: "failed", created: true });
  assert.equal((await c.refund({ eventId, reason: "bad answer", refundId: "rf-2" })).event_id, eventId);
  assert.deepEqual(api.requests[2].body, { refund_id: "rf-2", event_id: eventId, reason: "bad answer" });
  await assert.rejects(c.refund({ chargeRequestId: "c", eventId, reason: "both" }), TypeError);
  assert.equal(api.requests.length, 3);
  await c.close();
});

test("getCharge is null when unknown", async () => {
  api.reply(json(200, charge("report 42"))).reply(json(404, { error: "NOT_FOUND", message: "no" }));
  const c = client();
  assert.equal((await c.getCharge("report 42")).request_id, "report 42");
  assert.equal(await c.getCharge("nope"), null);
  assert.deepEqual([api.requests[0].method, api.requests[0].url], ["GET", "/v1/charges/report%2042"]);
  await c.close();
});

test("reserve sends the exact body with a generated reservation_id the retries keep; 402 typed", async () => {
  api.reply(json(503, { error: "UNAVAILABLE", message: "x" }, { "Retry-After": "0" }))
    .reply((r) => json(201, reservation(r.body.reservation_id))).reply(json(402, INSUFFICIENT));
  const c = client();
  const r = await c.reserve("12.5", { ttlSeconds: 60, featureId: "chat", metadata: { run: "r-1" } });
  const id = api.requests[0].body.reservation_id;
  assert.match(id, UUID);
  assert.deepEqual(api.requests[0].body, { reservation_id: id, estimate: "12.5", ttl_seconds: 60, feature_id: "chat", metadata: { run: "r-1" } });
  assert.deepEqual(api.requests[1].body, api.requests[0].body);
  assert.deepEqual(r, { ...reservation(id), created: true });
  await assert.rejects(c.reserve(12.5, { reservationId: "run-7" }), (e) => e instanceof InsufficientCreditsError && e.available === "3.500000000000");
  assert.deepEqual(api.requests[2].body, { reservation_id: "run-7", estimate: "12.5" });
  assert.equal(api.requests.length, 3);
  await c.close();
});

test("release and getReservation", async () => {
  api.reply(json(200, reservation("run-7", { status: "RELEASED" })))
    .reply(json(409, { error: "RESERVATION_CLOSED", message: "SETTLED", details: [] }))
    .reply(json(200, reservation("run-8", { status: "SETTLED", settled_amount: "11.2", settled_by: { kind: "event", id: "e-1" }, closed_at: "2026-11-21T12:01:00Z" })))
    .reply(json(404, { error: "NOT_FOUND", message: "no" }));
  const c = client();
  assert.equal((await c.release("run-7")).status, "RELEASED");
  await assert.rejects(c.release("run-8"), (e) => e.code === "RESERVATION_CLOSED" && e.status === 409);
  const settled = await c.getReservation("run-8");
  assert.deepEqual([settled.status, settled.settled_amount, settled.settled_by], ["SETTLED", "11.2", { kind: "event", id: "e-1" }]);
  assert.equal(await c.getReservation("run-9"), null);
  assert.deepEqual(api.requests.map((r) => `${r.method} ${r.url}`), ["DELETE /v1/reservations/run-7", "DELETE /v1/reservations/run-8",
    "GET /v1/reservations/run-8", "GET /v1/reservations/run-9"]);
  await c.close();
});

test("balance with holds and canSpend", async () => {
  const b = { balance: "100", currency: "credits", low_balance: false, can_spend: true, held: "12.5", available: "87.5", spend_mode: "HARD" };
  api.reply(json(200, b)).reply(json(200, { ...b, can_spend: false, estimate: "90" }));
  const c = client();
  assert.deepEqual(await c.balance(), b);
  assert.equal(await c.canSpend("90"), false);
  assert.equal(api.requests[1].url, "/v1/balance?estimate=90");
  await c.close();
});

test("track carries reservation_id, also given as reservationId", async () => {
  const c = client();
  const tracked = await c.track({ event_type: "TOKEN_USAGE", feature_id: "chat", input_tokens: 1, reservationId: "run-7" });
  await c.track({ event_type: "TOKEN_USAGE", feature_id: "chat", input_tokens: 1, reservation_id: "run-8" });
  await c.track({ event_type: "TOKEN_USAGE", feature_id: "chat", input_tokens: 1 });
  assert.ok(await c.flush(10_000));
  assert.equal(tracked.reservation_id, "run-7");
  const events = api.requests[0].body.events;
  assert.deepEqual(events.map((e) => [e.reservation_id, "reservationId" in e]), [["run-7", false], ["run-8", false], [undefined, false]]);
  await c.close();
});
