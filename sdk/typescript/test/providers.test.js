import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fromAnthropic, fromGemini, fromOpenAI, fromOpenAIChat, fromOpenAIResponses } from "../dist/index.js";

// Recorded provider responses shared by the three SDKs (sdk/fixtures/providers) and the events they become.
const dir = new URL("../../fixtures/providers/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", dir)));
const helpers = { openai_chat: fromOpenAIChat, openai_responses: fromOpenAIResponses, anthropic: fromAnthropic, gemini: fromGemini };

const cases = Object.entries(expected).filter(([name]) => !name.startsWith("_"));
test("there are seven recorded responses", () => assert.equal(cases.length, 7));

for (const [file, want] of cases) {
  test(`recorded ${file}`, () => {
    const response = JSON.parse(readFileSync(new URL(file, dir)));
    const wantEvent = {
      event_type: "TOKEN_USAGE", provider: want.provider, model: want.model, input_tokens: want.input_tokens,
      cached_input_tokens: want.cached_input_tokens, cache_write_tokens: want.cache_write_tokens, output_tokens: want.output_tokens,
    };
    assert.deepEqual(helpers[want.helper](response), wantEvent);
    if (want.helper.startsWith("openai")) assert.deepEqual(fromOpenAI(response), wantEvent);
  });
}

test("a usage object alone is read, and cached never drives input negative", () => {
  assert.deepEqual(fromAnthropic({ input_tokens: 10, cache_read_input_tokens: 5, output_tokens: 7 }), {
    event_type: "TOKEN_USAGE", provider: "anthropic", input_tokens: 10, cached_input_tokens: 5, cache_write_tokens: 0, output_tokens: 7,
  });
  const e = fromOpenAIChat({ usage: { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: 12 } } });
  assert.equal(e.input_tokens, 0);
  assert.equal(e.cached_input_tokens, 12);
});
