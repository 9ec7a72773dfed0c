import type { UsageEvent } from "./types.js";

/** The provider, model and token counters of a TOKEN_USAGE event; add feature_id (and user, metadata) and track. */
export type TokenUsage = Pick<
  UsageEvent,
  "event_type" | "provider" | "model" | "input_tokens" | "cached_input_tokens" | "cache_write_tokens" | "output_tokens"
>;

type Json = Record<string, any>;

function usageOf(response: Json, field: string): Json {
  const u = response?.[field];
  return u && typeof u === "object" ? u : response ?? {};
}

function count(n: Json | undefined, ...fields: string[]): number {
  for (const f of fields) {
    const v = n?.[f];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return 0;
}

function text(n: Json, field: string): string | undefined {
  return typeof n?.[field] === "string" ? n[field] : undefined;
}

function tokens(provider: string, model: string | undefined, input: number, cached: number, cacheWrite: number, output: number): TokenUsage {
  const t: TokenUsage = {
    event_type: "TOKEN_USAGE",
    provider,
    input_tokens: Math.max(0, input),
    cached_input_tokens: cached,
    cache_write_tokens: cacheWrite,
    output_tokens: output,
  };
  if (model !== undefined) t.model = model;
  return t;
}

/**
 * OpenAI chat completions: input = prompt_tokens - prompt_tokens_details.cached_tokens; output = completion_tokens
 * (already includes completion_tokens_details.reasoning_tokens). Takes the response or its usage object.
 */
export function fromOpenAIChat(response: Json): TokenUsage {
  const u = usageOf(response, "usage");
  const cached = count(u.prompt_tokens_details, "cached_tokens");
  return tokens("openai", text(response, "model"), count(u, "prompt_tokens") - cached, cached, 0, count(u, "completion_tokens"));
}

/** OpenAI responses API: input = input_tokens - input_tokens_details.cached_tokens; output = output_tokens (incl. reasoning). */
export function fromOpenAIResponses(response: Json): TokenUsage {
  const u = usageOf(response, "usage");
  const cached = count(u.input_tokens_details, "cached_tokens");
  return tokens("openai", text(response, "model"), count(u, "input_tokens") - cached, cached, 0, count(u, "output_tokens"));
}

/** OpenAI, either API (a usage object with prompt_tokens is a chat completion). */
export function fromOpenAI(response: Json): TokenUsage {
  return "prompt_tokens" in usageOf(response, "usage") ? fromOpenAIChat(response) : fromOpenAIResponses(response);
}

/** Anthropic: input_tokens is already uncached; cache_read_input_tokens → cached, cache_creation_input_tokens → writes. */
export function fromAnthropic(response: Json): TokenUsage {
  const u = usageOf(response, "usage");
  return tokens("anthropic", text(response, "model"), count(u, "input_tokens"), count(u, "cache_read_input_tokens"),
    count(u, "cache_creation_input_tokens"), count(u, "output_tokens"));
}

/**
 * Gemini usageMetadata (REST camelCase or snake_case): promptTokenCount includes cachedContentTokenCount, so
 * input = prompt + toolUsePrompt - cached; output = candidatesTokenCount + thoughtsTokenCount (thinking is billed as output).
 */
export function fromGemini(response: Json): TokenUsage {
  const u = response?.usage_metadata ?? usageOf(response, "usageMetadata");
  const cached = count(u, "cachedContentTokenCount", "cached_content_token_count");
  const prompt = count(u, "promptTokenCount", "prompt_token_count") + count(u, "toolUsePromptTokenCount", "tool_use_prompt_token_count");
  const output = count(u, "candidatesTokenCount", "candidates_token_count") + count(u, "thoughtsTokenCount", "thoughts_token_count");
  return tokens("google", text(response, "modelVersion") ?? text(response, "model_version"), prompt - cached, cached, 0, output);
}
