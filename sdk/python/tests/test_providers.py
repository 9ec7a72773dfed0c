"""Recorded provider responses shared by the three SDKs (sdk/fixtures/providers) and the events they become."""
import json
from pathlib import Path

import pytest

from meterline import providers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "providers"
EXPECTED = {k: v for k, v in json.loads((FIXTURES / "expected.json").read_text()).items() if not k.startswith("_")}
HELPERS = {"openai_chat": providers.openai_chat, "openai_responses": providers.openai_responses,
           "anthropic": providers.anthropic, "gemini": providers.gemini}


def test_there_are_seven_recorded_responses():
    assert len(EXPECTED) == 7


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recorded_response(name):
    want = EXPECTED[name]
    response = json.loads((FIXTURES / name).read_text())
    event = {"event_type": "TOKEN_USAGE", "provider": want["provider"], "model": want["model"],
             "input_tokens": want["input_tokens"], "cached_input_tokens": want["cached_input_tokens"],
             "cache_write_tokens": want["cache_write_tokens"], "output_tokens": want["output_tokens"]}
    assert HELPERS[want["helper"]](response) == event
    if want["helper"].startswith("openai"):
        assert providers.openai(response) == event


class _SdkObject:
    """What the providers' Python SDKs return: pydantic models with model_dump()."""

    def __init__(self, data):
        self._data = data

    def model_dump(self):
        return self._data


def test_sdk_objects_and_usage_objects_alone():
    response = json.loads((FIXTURES / "anthropic-cache-read.json").read_text())
    assert providers.anthropic(_SdkObject(response))["cached_input_tokens"] == 100000
    usage_only = providers.anthropic({"input_tokens": 10, "cache_read_input_tokens": 5, "output_tokens": 7})
    assert usage_only == {"event_type": "TOKEN_USAGE", "provider": "anthropic", "input_tokens": 10,
                          "cached_input_tokens": 5, "cache_write_tokens": 0, "output_tokens": 7}
    negative = providers.openai_chat({"usage": {"prompt_tokens": 10, "completion_tokens": 1,
                                                "prompt_tokens_details": {"cached_tokens": 12}}})
    assert (negative["input_tokens"], negative["cached_input_tokens"]) == (0, 12)
