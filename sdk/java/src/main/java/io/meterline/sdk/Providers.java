package io.meterline.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * TOKEN_USAGE events from an LLM provider's response. Each helper takes the whole response (or only its usage
 * object) as a JSON string, a Jackson {@link JsonNode}, a {@code Map} or any object Jackson can read, and returns a
 * builder with provider, model and the four token counters set; add the feature id (and user, metadata) and track
 * it. Both key styles are read (REST {@code usageMetadata} / Python SDK {@code usage_metadata}).
 *
 * <p>Meterline's {@code input_tokens} is <b>uncached</b> input only, and {@code output_tokens} is everything billed
 * as output:
 * <ul>
 * <li>OpenAI chat completions: input = prompt_tokens - prompt_tokens_details.cached_tokens, cached = cached_tokens,
 *     output = completion_tokens (which already includes completion_tokens_details.reasoning_tokens).
 * <li>OpenAI responses API: input = input_tokens - input_tokens_details.cached_tokens, output = output_tokens
 *     (includes output_tokens_details.reasoning_tokens).
 * <li>Anthropic: input_tokens is already uncached; cache_read_input_tokens → cached, cache_creation_input_tokens →
 *     cache writes.
 * <li>Gemini usageMetadata: promptTokenCount includes cachedContentTokenCount, so input = prompt + toolUsePrompt -
 *     cached; output = candidatesTokenCount + thoughtsTokenCount (thinking tokens are billed as output).
 * </ul>
 */
public final class Providers {

    private Providers() {
    }

    /** OpenAI, either API: a usage object with {@code prompt_tokens} is a chat completion, otherwise a response. */
    public static UsageEvent.Builder openAi(Object response) {
        JsonNode usage = usage(Json.tree(response), "usage");
        return usage.has("prompt_tokens") ? openAiChat(response) : openAiResponses(response);
    }

    public static UsageEvent.Builder openAiChat(Object response) {
        JsonNode root = Json.tree(response);
        JsonNode u = usage(root, "usage");
        long cached = count(u.path("prompt_tokens_details"), "cached_tokens");
        return event("openai", text(root, "model"))
                .inputTokens(Math.max(0, count(u, "prompt_tokens") - cached))
                .cachedInputTokens(cached)
                .cacheWriteTokens(0)
                .outputTokens(count(u, "completion_tokens"));
    }

    public static UsageEvent.Builder openAiResponses(Object response) {
        JsonNode root = Json.tree(response);
        JsonNode u = usage(root, "usage");
        long cached = count(u.path("input_tokens_details"), "cached_tokens");
        return event("openai", text(root, "model"))
                .inputTokens(Math.max(0, count(u, "input_tokens") - cached))
                .cachedInputTokens(cached)
                .cacheWriteTokens(0)
                .outputTokens(count(u, "output_tokens"));
    }

    public static UsageEvent.Builder anthropic(Object response) {
        JsonNode root = Json.tree(response);
        JsonNode u = usage(root, "usage");
        return event("anthropic", text(root, "model"))
                .inputTokens(count(u, "input_tokens"))
                .cachedInputTokens(count(u, "cache_read_input_tokens"))
                .cacheWriteTokens(count(u, "cache_creation_input_tokens"))
                .outputTokens(count(u, "output_tokens"));
    }

    public static UsageEvent.Builder gemini(Object response) {
        JsonNode root = Json.tree(response);
        JsonNode u = root.has("usage_metadata") ? root.get("usage_metadata") : usage(root, "usageMetadata");
        long cached = count(u, "cachedContentTokenCount", "cached_content_token_count");
        long prompt = count(u, "promptTokenCount", "prompt_token_count")
                + count(u, "toolUsePromptTokenCount", "tool_use_prompt_token_count");
        String model = text(root, "modelVersion");
        return event("google", model != null ? model : text(root, "model_version"))
                .inputTokens(Math.max(0, prompt - cached))
                .cachedInputTokens(cached)
                .cacheWriteTokens(0)
                .outputTokens(count(u, "candidatesTokenCount", "candidates_token_count")
                        + count(u, "thoughtsTokenCount", "thoughts_token_count"));
    }

    private static UsageEvent.Builder event(String provider, String model) {
        return UsageEvent.builder().eventType(EventType.TOKEN_USAGE).provider(provider).model(model);
    }

    /** The response's usage object, or the argument itself when it is already one. */
    private static JsonNode usage(JsonNode root, String field) {
        JsonNode u = root.get(field);
        return u != null && u.isObject() ? u : root;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private static long count(JsonNode n, String... fields) {
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v != null && v.canConvertToLong()) {
                return v.asLong();
            }
        }
        return 0;
    }
}
