import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { MeterlineClient, MeterlineError, QueueFullError } from "../dist/index.js";
import { acceptAll, DROP, json, startFakeApi } from "./fake-api.js";

// The client against a local fake of the ingest API: batching, gzip, retries, error reporting, the queue.
let api;
let errors;
beforeEach(async () => {
  api = await startFakeApi();
  errors = [];
});
afterEach(() => api.close());

const client = (opts = {}) => new MeterlineClient({
  baseUrl: api.url, apiKey: "ml_test_key", customerId: "acme", exitHook: false,
  initialBackoffMs: 5, maxBackoffMs: 40, onError: (e) => errors.push(e), ...opts,
});
const event = (i) => ({ event_type: "TOKEN_USAGE", feature_id: "chat", provider: "openai", model: "gpt-4o-mini", input_tokens: i, output_tokens: 1 });

test("batches of at most 1000, gzipped, ids and timestamps assigned at track", async () => {
  const c = client();
  const ids = [];
  for (let i = 0; i < 2500; i++) ids.push((await c.track(event(i))).event_id);
  assert.ok(await c.flush(10_000));
  assert.deepEqual(c.metrics(), { queued: 0, sent: 2500, retried: 0, failed: 0, dropped: 0 });
  assert.ok(api.requests.length >= 3);
  for (const r of api.requests) {
    assert.ok(r.eventIds().length <= 1000);
    assert.equal(r.headers["content-encoding"], "gzip");
    assert.equal(r.headers["x-api-key"], "ml_test_key");
  }
  assert.deepEqual(api.ingestedIds(), ids);
  const first = api.requests[0].body.events[0];
  assert.equal(first.customer_id, "acme");
  assert.match(first.event_id, /^[0-9a-f-]{36}$/);
  assert.ok(Date.now() - Date.parse(first.timestamp) < 60_000);
  assert.deepEqual(errors, []);
  await c.close();
});

test("a batch closes at the byte limit", async () => {
  const c = client({ maxBatchBytes: 20_000 });
  for (let i = 0; i < 50; i++) await c.track({ ...event(i), metadata: { note: "x".repeat(1000) } });
  assert.ok(await c.flush(10_000));
  assert.equal(api.ingestedIds().length, 50);
  assert.ok(api.requests.length >= 3);
  for (const r of api.requests) assert.ok(JSON.stringify(r.body).length <= 20_000);
  await c.close();
});

test("the interval sends without flush", async () => {
  const c = client({ flushIntervalMs: 100 });
  await c.track(event(1));
  const deadline = Date.now() + 5000;
  while (c.metrics().sent < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(c.metrics().sent, 1);
  await c.close();
});

test("retries 503, 429, 409 IN_FLIGHT and a dropped connection with the same events and Retry-After", async () => {
  api.reply(json(503, { error: "PUBLISH_FAILED", message: "kafka" }, { "Retry-After": "0" }))
    .reply(json(429, { error: "RATE_LIMITED", message: "slow down" }, { "Retry-After": "1" }))
    .reply(json(409, { error: "IN_FLIGHT", message: "busy", details: [] }, { "Retry-After": "0" }))
    .reply(DROP);
  const start = Date.now();
  const c = client();
  for (let i = 0; i < 3; i++) await c.track(event(i));
  assert.ok(await c.flush(15_000));
  assert.deepEqual(c.metrics(), { queued: 0, sent: 3, retried: 12, failed: 0, dropped: 0 });
  assert.ok(Date.now() - start >= 1000, "Retry-After: 1 was honoured");
  assert.equal(api.requests.length, 5);
  for (const r of api.requests) assert.deepEqual(r.eventIds(), api.requests[0].eventIds());
  assert.deepEqual(errors, []);
  await c.close();
});

test("per-event errors go to onError with the event; IN_FLIGHT ones are re-sent", async () => {
  api.reply((r) => json(202, { status: "partial", accepted: 1, duplicates: 0, rejected: 2, errors: [
    { index: 1, event_id: r.eventIds()[1], code: "INVALID_VALUE", field: "model", message: "too long" },
    { index: 2, event_id: r.eventIds()[2], code: "IN_FLIGHT", field: null, message: "retry" }] }));
  const c = client();
  await c.track(event(0));
  const bad = await c.track(event(1));
  await c.track(event(2));
  assert.ok(await c.flush(10_000));
  assert.deepEqual(c.metrics(), { queued: 0, sent: 2, retried: 1, failed: 1, dropped: 0 });
  assert.deepEqual(api.requests[1].eventIds(), [api.requests[0].eventIds()[2]]);
  assert.equal(errors.length, 1);
  assert.deepEqual(errors[0], { event: bad, httpStatus: 202, code: "INVALID_VALUE", field: "model", message: "too long" });
  await c.close();
});

test("other client errors are never retried", async () => {
  api.otherwise(() => json(401, { error: "UNAUTHORIZED", message: "unknown API key", details: [] }));
  const c = client();
  await c.track(event(0));
  await c.track(event(1));
  assert.ok(await c.flush(10_000));
  assert.deepEqual(c.metrics(), { queued: 0, sent: 0, retried: 0, failed: 2, dropped: 0 });
  assert.equal(api.requests.length, 1);
  assert.deepEqual(errors.map((e) => e.code), ["UNAUTHORIZED", "UNAUTHORIZED"]);
  await c.close();
});

test("gives up after maxRetries and says so", async () => {
  api.otherwise(() => DROP);
  const c = client({ maxRetries: 2 });
  await c.track(event(0));
  assert.ok(await c.flush(10_000));
  assert.deepEqual(c.metrics(), { queued: 0, sent: 0, retried: 2, failed: 1, dropped: 0 });
  assert.equal(api.requests.length, 3);
  assert.equal(errors[0].code, "RETRIES_EXHAUSTED");
  await c.close();
});

test("a 413 splits the batch", async () => {
  api.reply(json(413, { error: "PAYLOAD_TOO_LARGE", message: "too many" }));
  const c = client();
  for (let i = 0; i < 10; i++) await c.track(event(i));
  assert.ok(await c.flush(10_000));
  assert.equal(c.metrics().sent, 10);
  assert.deepEqual(api.requests.map((r) => r.eventIds().length), [10, 5, 5]);
  await c.close();
});

test("a full queue drops with a callback, raises, or blocks", async () => {
  let release;
  const released = new Promise((r) => { release = r; });
  api.otherwise(async (r) => { await released; return acceptAll(r); });
  const drop = client({ maxQueueSize: 2, onFull: "drop", maxBatchEvents: 1 });
  const raise = client({ maxQueueSize: 2, onFull: "raise", maxBatchEvents: 1 });
  const block = client({ maxQueueSize: 2, onFull: "block", maxBatchEvents: 1 });
  for (let i = 0; i < 6; i++) await drop.track(event(i));
  await assert.rejects(async () => { for (let i = 0; i < 4; i++) await raise.track(event(i)); }, QueueFullError);
  for (let i = 0; i < 3; i++) await block.track(event(i));
  await new Promise((r) => setTimeout(r, 50)); // the first event is in the (held) request, two wait in the queue
  let blockedDone = false;
  const blocked = block.track(event(9)).then(() => { blockedDone = true; });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(blockedDone, false, "track waits for room");
  assert.ok(drop.metrics().dropped >= 3);
  assert.ok(errors.some((e) => e.code === "QUEUE_FULL" && e.event.event_id));
  release();
  await blocked;
  for (const c of [drop, raise, block]) assert.ok(await c.close(10_000));
  assert.equal(drop.metrics().sent + drop.metrics().dropped, 6);
  assert.equal(block.metrics().sent, 4);
});

test("close delivers what is queued and refuses more", async () => {
  const c = client({ flushIntervalMs: 30_000 });
  for (let i = 0; i < 10; i++) await c.track(event(i));
  assert.ok(await c.close(10_000));
  assert.equal(api.ingestedIds().length, 10);
  assert.throws(() => c.track(event(11)), TypeError);
  const noCustomer = client({ customerId: undefined });
  assert.throws(() => noCustomer.track(event(1)), /customer_id is required/);
  await noCustomer.close();
});

test("direct calls", async () => {
  const id = "0b4e5f7a-1c2d-4e3f-8a9b-0c1d2e3f4a5b";
  api.reply(json(200, { balance: "250.000000000000", currency: "credits", low_balance: false, can_spend: true }))
    .reply(json(200, { balance: "250.000000000000", currency: "credits", low_balance: false, can_spend: false, estimate: "300.5" }))
    .reply(json(200, { event_id: id, status: "PRICED", cost_usd: "0.000123450000", credits: "0.123450000000" }))
    .reply(json(404, { error: "NOT_FOUND", message: "unknown", details: [] }))
    .reply(json(401, { error: "UNAUTHORIZED", message: "unknown API key", details: [] }));
  const c = client();
  assert.equal((await c.balance()).balance, "250.000000000000");
  assert.equal(await c.canSpend("300.5"), false);
  assert.equal(api.requests[1].url, "/v1/balance?estimate=300.5");
  assert.equal((await c.eventStatus(id)).cost_usd, "0.000123450000");
  assert.equal(await c.eventStatus("11111111-1111-4111-8111-111111111111"), null);
  await assert.rejects(c.balance(), (e) => e instanceof MeterlineError && e.status === 401 && e.code === "UNAUTHORIZED");
  await c.close();
});
