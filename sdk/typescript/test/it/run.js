// The TypeScript SDK's part of sdk/it.sh and scripts/bench-sdk.sh (not a unit test): tracks IT_EVENTS events built
// with the provider helpers against IT_URL, closes the client, writes the ids to IT_IDS and prints one JSON line.
// Exits 1 unless every event was sent and none failed.
import { writeFileSync } from "node:fs";
import { fromAnthropic, fromGemini, fromOpenAIChat, MeterlineClient } from "../../dist/index.js";

const n = Number(process.env.IT_EVENTS ?? 5000);
const errors = [];
const client = new MeterlineClient({
  baseUrl: process.env.IT_URL, apiKey: process.env.IT_KEY, customerId: process.env.IT_CUSTOMER,
  initialBackoffMs: 100, shutdownTimeoutMs: 300_000, onError: (e) => errors.push(e),
});
const ids = [];
const start = performance.now();
for (let i = 0; i < n; i++) {
  const usage = [
    () => fromOpenAIChat({ model: "gpt-4o-mini", usage: { prompt_tokens: 1200 + (i % 7), completion_tokens: 250, prompt_tokens_details: { cached_tokens: 300 } } }),
    () => fromAnthropic({ model: "claude-haiku-4-5", usage: { input_tokens: 900, cache_creation_input_tokens: 100, cache_read_input_tokens: 2000, output_tokens: 120 + (i % 5) } }),
    () => fromGemini({ modelVersion: "gemini-2.5-flash", usageMetadata: { promptTokenCount: 700, cachedContentTokenCount: 200, candidatesTokenCount: 90, thoughtsTokenCount: 40 } }),
  ][i % 3]();
  ids.push((await client.track({ ...usage, feature_id: "sdk-it", user_id: `u-${i % 10}` })).event_id);
}
await client.close(300_000);
const seconds = (performance.now() - start) / 1000;
const m = client.metrics();
writeFileSync(process.env.IT_IDS, ids.join("\n") + "\n");
console.log(JSON.stringify({ sdk: "typescript", events: n, seconds: Number(seconds.toFixed(3)), events_per_s: Math.round(n / seconds), metrics: m }));
for (const e of errors.slice(0, 5)) console.error(`error: ${e.code} ${e.message}`);
process.exit(m.sent === n && m.failed === 0 ? 0 : 1);
