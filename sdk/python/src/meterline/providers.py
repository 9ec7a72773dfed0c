"""TOKEN_USAGE fields from an LLM provider's response.

Each helper takes the response (a dict, the provider SDK's object with ``model_dump()``/``to_dict()``, or only its
usage object) and returns the event fields provider, model and the four token counters; add ``feature_id`` and
track it: ``client.track(feature_id="chat", **providers.openai(response))``.

Meterline's ``input_tokens`` is **uncached** input only and ``output_tokens`` is everything billed as output:

- OpenAI chat completions: input = prompt_tokens - prompt_tokens_details.cached_tokens; output = completion_tokens
  (already includes completion_tokens_details.reasoning_tokens).
- OpenAI responses API: input = input_tokens - input_tokens_details.cached_tokens; output = output_tokens (incl.
  output_tokens_details.reasoning_tokens).
- Anthropic: input_tokens is already uncached; cache_read_input_tokens -> cached, cache_creation_input_tokens ->
  cache writes.
- Gemini usageMetadata (REST camelCase or SDK snake_case): promptTokenCount includes cachedContentTokenCount, so
  input = prompt + toolUsePrompt - cached; output = candidatesTokenCount + thoughtsTokenCount.
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional


def _as_dict(obj: Any) -> Mapping[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, Mapping):
        return obj
    for method in ("model_dump", "to_dict", "dict"):
        fn = getattr(obj, method, None)
        if callable(fn):
            return fn()
    return vars(obj)


def _usage(response: Mapping[str, Any], field: str) -> Mapping[str, Any]:
    u = response.get(field)
    return _as_dict(u) if u is not None and not isinstance(u, (int, str)) else response


def _count(n: Any, *fields: str) -> int:
    n = _as_dict(n)
    for f in fields:
        v = n.get(f)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    return 0


def _text(n: Mapping[str, Any], field: str) -> Optional[str]:
    v = n.get(field)
    return v if isinstance(v, str) else None


def _tokens(provider: str, model: Optional[str], inp: int, cached: int, cache_write: int, out: int) -> Dict[str, Any]:
    event: Dict[str, Any] = {"event_type": "TOKEN_USAGE", "provider": provider, "input_tokens": max(0, inp),
                             "cached_input_tokens": cached, "cache_write_tokens": cache_write, "output_tokens": out}
    if model is not None:
        event["model"] = model
    return event


def openai_chat(response: Any) -> Dict[str, Any]:
    r = _as_dict(response)
    u = _usage(r, "usage")
    cached = _count(u.get("prompt_tokens_details"), "cached_tokens")
    return _tokens("openai", _text(r, "model"), _count(u, "prompt_tokens") - cached, cached, 0,
                   _count(u, "completion_tokens"))


def openai_responses(response: Any) -> Dict[str, Any]:
    r = _as_dict(response)
    u = _usage(r, "usage")
    cached = _count(u.get("input_tokens_details"), "cached_tokens")
    return _tokens("openai", _text(r, "model"), _count(u, "input_tokens") - cached, cached, 0,
                   _count(u, "output_tokens"))


def openai(response: Any) -> Dict[str, Any]:
    """Either OpenAI API: a usage object with prompt_tokens is a chat completion."""
    r = _as_dict(response)
    return openai_chat(r) if "prompt_tokens" in _usage(r, "usage") else openai_responses(r)


def anthropic(response: Any) -> Dict[str, Any]:
    r = _as_dict(response)
    u = _usage(r, "usage")
    return _tokens("anthropic", _text(r, "model"), _count(u, "input_tokens"), _count(u, "cache_read_input_tokens"),
                   _count(u, "cache_creation_input_tokens"), _count(u, "output_tokens"))


def gemini(response: Any) -> Dict[str, Any]:
    r = _as_dict(response)
    u = _as_dict(r["usage_metadata"]) if r.get("usage_metadata") is not None else _usage(r, "usageMetadata")
    cached = _count(u, "cachedContentTokenCount", "cached_content_token_count")
    prompt = _count(u, "promptTokenCount", "prompt_token_count") + _count(u, "toolUsePromptTokenCount",
                                                                        "tool_use_prompt_token_count")
    output = _count(u, "candidatesTokenCount", "candidates_token_count") + _count(u, "thoughtsTokenCount",
                                                                                "thoughts_token_count")
    model = _text(r, "modelVersion") or _text(r, "model_version")
    return _tokens("google", model, prompt - cached, cached, 0, output)
